package io.bdpaas.backend.local;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.util.Objects.requireNonNull;

import io.bdpaas.backend.FileContentCheck;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.backend.StorageFiles;
import io.bdpaas.backend.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a local storage area, in its {@value #FOLDER} folder: {@code
 * <data>/storage/<tenant>/<area>/files}.
 *
 * <p>The tenant's own code may change anything inside its area, links included, while the platform
 * works in it (as root, when tenants have accounts). So below {@code storage/<tenant>}, which only
 * the platform may rename, every step is taken relative to an open folder ({@link
 * SecureDirectoryStream}) and never through a link: a link the tenant put in the place of the area,
 * of its files folder or of a file is never followed, and nothing is read or written outside the
 * area. Anything but a regular file or a folder is looked at, never opened.
 *
 * <p>An upload is written to a hidden temporary file in the same folder, private to the tenant's
 * account (or the platform's, without tenant accounts), and renamed over its name once complete and
 * checked.
 */
public final class LocalStorageFiles implements StorageFiles {
  /** The folder of an area that holds its files. */
  public static final String FOLDER = "files";

  private static final String UPLOAD_PREFIX = ".upload-";
  private static final Duration STALE_UPLOAD = Duration.ofDays(1);
  private static final int MAX_DEPTH = 64;
  private static final int BUFFER = 64 * 1024;
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path tenantDirectory;
  private final String area;
  private final Optional<OsAccount> owner;
  private final Path folder;

  /**
   * @param tenantDirectory {@code <data>/storage/<tenant>}, in a folder only the platform may
   *     change
   * @param area the storage area's name, a folder of {@code tenantDirectory}
   * @param owner the tenant's account, which owns what is written; empty without tenant accounts
   */
  LocalStorageFiles(Path tenantDirectory, String area, Optional<OsAccount> owner) {
    this.tenantDirectory = requireNonNull(tenantDirectory, "tenantDirectory is null");
    this.area = requireNonNull(area, "area is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.folder = tenantDirectory.resolve(area).resolve(FOLDER);
  }

  /**
   * The files of the area {@code area} of {@code storageDirectory}, written as the running
   * process's own user: for a process that has the area to itself, such as the Kubernetes backend's
   * file service in a pod that mounts the area.
   */
  public static StorageFiles of(Path storageDirectory, String area) {
    return new LocalStorageFiles(storageDirectory, area, Optional.empty());
  }

  @Override
  public List<StoredFile> list() {
    List<StoredFile> files = new ArrayList<>();
    try (Opened opened = openFolder()) {
      if (opened.folder().isEmpty()) {
        return List.of();
      }
      SecureDirectoryStream<Path> directory = opened.folder().get();
      for (Path entry : directory) {
        String name = entry.getFileName().toString();
        if (!StorageFileName.problems(name).isEmpty()) {
          continue; // a temporary upload, or something the tenant's code made
        }
        StorageFileName file = new StorageFileName(name);
        attributes(directory, Path.of(name))
            .filter(BasicFileAttributes::isRegularFile)
            .ifPresent(attributes -> files.add(stored(file, attributes)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    files.sort(Comparator.comparing(file -> file.name().value()));
    return files;
  }

  @Override
  public StoredFile write(StorageFileName name, InputStream content, long maxBytes)
      throws IOException {
    requireNonNull(name, "name is null");
    requireNonNull(content, "content is null");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    Source source = new Source(content);
    try (Opened opened = openFolder()) {
      SecureDirectoryStream<Path> directory =
          opened
              .folder()
              .orElseThrow(() -> new NoSuchFileException(folder.toString(), null, "no folder"));
      removeStaleUploads(directory);
      Path temporary = Path.of(UPLOAD_PREFIX + HexFormat.of().formatHex(randomBytes()) + ".tmp");
      boolean renamed = false;
      try {
        receive(directory, temporary, name, source, maxBytes);
        directory.move(temporary, directory, Path.of(name.value()));
        renamed = true;
        return attributes(directory, Path.of(name.value()))
            .map(attributes -> stored(name, attributes))
            .orElseThrow(() -> new NoSuchFileException(location(name), null, "gone at once"));
      } finally {
        if (!renamed) {
          deleteQuietly(directory, temporary);
        }
      }
    } catch (IOException e) {
      if (e == source.failure) {
        throw e; // the client's, not the storage's
      }
      throw new UncheckedIOException("cannot store " + location(name), e);
    }
  }

  /** Streams the content into the new temporary file, counting and checking it. */
  private void receive(
      SecureDirectoryStream<Path> directory,
      Path temporary,
      StorageFileName name,
      Source source,
      long maxBytes)
      throws IOException {
    Set<OpenOption> create =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW_LINKS);
    try (SeekableByteChannel channel = directory.newByteChannel(temporary, create, PRIVATE_FILE)) {
      if (owner.isPresent()) {
        giveTo(directory, temporary, owner.get());
      }
      FileContentCheck check = FileContentCheck.forName(name);
      byte[] buffer = new byte[BUFFER];
      long received = 0;
      int n;
      while ((n = source.read(buffer)) >= 0) {
        received += n;
        if (received > maxBytes) {
          throw new FileTooLargeException(name, maxBytes);
        }
        check.update(buffer, 0, n);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
      check.finish();
    }
  }

  @Override
  public Optional<OpenFile> open(StorageFileName name) {
    requireNonNull(name, "name is null");
    try (Opened opened = openFolder()) {
      if (opened.folder().isEmpty()) {
        return Optional.empty();
      }
      SecureDirectoryStream<Path> directory = opened.folder().get();
      Path file = Path.of(name.value());
      // Looked at before it is opened: opening a named pipe the tenant put there would block.
      if (attributes(directory, file).filter(BasicFileAttributes::isRegularFile).isEmpty()) {
        return Optional.empty();
      }
      SeekableByteChannel channel =
          directory.newByteChannel(file, Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS));
      try {
        BasicFileAttributes attributes =
            directory
                .getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW_LINKS)
                .readAttributes();
        StoredFile stored =
            new StoredFile(
                name, channel.size(), attributes.lastModifiedTime().toInstant(), location(name));
        return Optional.of(new OpenFile(stored, Channels.newInputStream(channel)));
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (NoSuchFileException e) {
      return Optional.empty(); // deleted meanwhile
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + location(name), e);
    }
  }

  @Override
  public boolean delete(StorageFileName name) {
    requireNonNull(name, "name is null");
    try (Opened opened = openFolder()) {
      if (opened.folder().isEmpty()) {
        return false;
      }
      SecureDirectoryStream<Path> directory = opened.folder().get();
      Path file = Path.of(name.value());
      if (attributes(directory, file).filter(BasicFileAttributes::isRegularFile).isEmpty()) {
        return false;
      }
      directory.deleteFile(file);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location(name), e);
    }
  }

  @Override
  public long usedBytes() {
    try (Opened opened = openArea()) {
      if (opened.area().isEmpty()) {
        return 0;
      }
      return bytesBelow(opened.area().get(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + tenantDirectory.resolve(area), e);
    }
  }

  @Override
  public String location(StorageFileName name) {
    return folder.resolve(name.value()).toString();
  }

  /** Bytes of the regular files in a folder and its folders; links are not followed. */
  private static long bytesBelow(SecureDirectoryStream<Path> directory, int depth)
      throws IOException {
    long total = 0;
    Deque<Path> folders = new ArrayDeque<>();
    for (Path entry : directory) {
      Path name = entry.getFileName();
      Optional<BasicFileAttributes> attributes = attributes(directory, name);
      if (attributes.isEmpty()) {
        continue;
      }
      if (attributes.get().isRegularFile()) {
        total += attributes.get().size();
      } else if (attributes.get().isDirectory() && depth < MAX_DEPTH) {
        folders.add(name);
      }
    }
    for (Path name : folders) {
      try (SecureDirectoryStream<Path> child = directory.newDirectoryStream(name, NOFOLLOW_LINKS)) {
        total += bytesBelow(child, depth + 1);
      } catch (NoSuchFileException e) {
        // removed meanwhile (Spark replaces table folders as it writes)
      } catch (IOException e) {
        if (!isLink(directory, name)) {
          throw e;
        }
      }
    }
    return total;
  }

  /** Uploads a crashed control plane left half-written. */
  private static void removeStaleUploads(SecureDirectoryStream<Path> directory) throws IOException {
    Instant staleBefore = Instant.now().minus(STALE_UPLOAD);
    List<Path> stale = new ArrayList<>();
    for (Path entry : directory) {
      Path name = entry.getFileName();
      if (name.toString().startsWith(UPLOAD_PREFIX)) {
        attributes(directory, name)
            .filter(BasicFileAttributes::isRegularFile)
            .filter(a -> a.lastModifiedTime().toInstant().isBefore(staleBefore))
            .ifPresent(a -> stale.add(name));
      }
    }
    for (Path name : stale) {
      deleteQuietly(directory, name);
    }
  }

  /** The area's files folder, open, or none when the area or the folder does not exist. */
  private Opened openFolder() throws IOException {
    Opened opened = openArea();
    if (opened.area().isEmpty()) {
      return opened;
    }
    try {
      return new Opened(opened.area(), child(opened.area().get(), FOLDER));
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** The storage area's folder, open, or none when it does not exist (or is not a folder). */
  private Opened openArea() throws IOException {
    DirectoryStream<Path> tenant;
    try {
      tenant = Files.newDirectoryStream(tenantDirectory);
    } catch (NoSuchFileException e) {
      return new Opened(Optional.empty(), Optional.empty());
    }
    try (tenant) {
      if (!(tenant instanceof SecureDirectoryStream<Path> secure)) {
        throw new UnsupportedOperationException(
            "this file system cannot open folders without following links: " + tenantDirectory);
      }
      return new Opened(child(secure, area), Optional.empty());
    }
  }

  /** A folder in {@code parent}, opened without following a link, or none. */
  private static Optional<SecureDirectoryStream<Path>> child(
      SecureDirectoryStream<Path> parent, String name) throws IOException {
    Path child = Path.of(name);
    Optional<BasicFileAttributes> attributes = attributes(parent, child);
    if (attributes.isEmpty() || !attributes.get().isDirectory()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parent.newDirectoryStream(child, NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** What {@code name} in {@code directory} is, looked at without following a link. */
  private static Optional<BasicFileAttributes> attributes(
      SecureDirectoryStream<Path> directory, Path name) throws IOException {
    try {
      return Optional.of(
          directory
              .getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW_LINKS)
              .readAttributes());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static boolean isLink(SecureDirectoryStream<Path> directory, Path name) {
    try {
      return attributes(directory, name).map(BasicFileAttributes::isSymbolicLink).orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  private static void giveTo(SecureDirectoryStream<Path> directory, Path file, OsAccount account)
      throws IOException {
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        directory.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW_LINKS);
    view.setOwner(lookup.lookupPrincipalByName(account.name()));
    view.setGroup(lookup.lookupPrincipalByGroupName(account.name()));
  }

  private static void deleteQuietly(SecureDirectoryStream<Path> directory, Path file) {
    try {
      directory.deleteFile(file);
    } catch (IOException e) {
      // already gone, or not ours to remove
    }
  }

  private StoredFile stored(StorageFileName name, BasicFileAttributes attributes) {
    return new StoredFile(
        name, attributes.size(), attributes.lastModifiedTime().toInstant(), location(name));
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "files of " + tenantDirectory.resolve(area);
  }

  /** The open area and files folders; closing closes both. */
  private record Opened(
      Optional<SecureDirectoryStream<Path>> area, Optional<SecureDirectoryStream<Path>> folder)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        if (folder.isPresent()) {
          folder.get().close();
        }
      } finally {
        if (area.isPresent()) {
          area.get().close();
        }
      }
    }
  }

  /** The content being uploaded, remembering a failure to read it as the client's. */
  private static final class Source {
    private final InputStream content;
    private IOException failure;

    Source(InputStream content) {
      this.content = content;
    }

    int read(byte[] buffer) throws IOException {
      try {
        return content.read(buffer);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
