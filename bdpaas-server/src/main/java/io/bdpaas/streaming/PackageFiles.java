package io.bdpaas.streaming;

import io.bdpaas.backend.FileContentCheck;
import io.bdpaas.backend.FileContentException;
import io.bdpaas.backend.FileTooLargeException;
import io.bdpaas.backend.StorageFileName;
import io.bdpaas.settings.BdpaasSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The jars of application packages, kept by the platform in {@code <data>/stream-packages/<id>.jar}
 * (the platform hands them to a project's Flink cluster at each launch; no tenant process reads
 * this folder). An upload streams into a file of its own, checked as it arrives to be a real and
 * safe jar ({@link FileContentCheck.Jar}) within the size limit; only an accepted one is kept.
 */
@Component
public class PackageFiles {
  private static final StorageFileName UPLOAD = new StorageFileName("package.jar");

  private final Path root;

  @Autowired
  public PackageFiles(BdpaasSettings settings) {
    this(settings.dataDir().resolve("stream-packages"));
  }

  PackageFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** An accepted upload, not yet kept under a package's id. */
  public record Received(
      Path file,
      long sizeBytes,
      String sha256,
      Optional<String> mainClass,
      Optional<byte[]> descriptor)
      implements AutoCloseable {
    /** Removes the upload unless it was kept. */
    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the upload " + file, e);
      }
    }
  }

  /**
   * Streams {@code content} into a new file while checking it and counting its bytes; what is
   * refused (too large, not a jar, unsafe) is removed before the exception leaves.
   *
   * @throws FileTooLargeException over {@code maxBytes}
   * @throws FileContentException when it is not a safe jar, or its descriptor is larger than {@link
   *     PackageDescriptor#MAX_BYTES}
   * @throws IOException when reading {@code content} failed
   */
  public Received receive(InputStream content, long maxBytes) throws IOException {
    Files.createDirectories(root);
    Path file = root.resolve("upload-" + UUID.randomUUID() + ".tmp");
    boolean kept = false;
    try {
      FileContentCheck.Jar check = FileContentCheck.jar(UPLOAD);
      MessageDigest sha256 = sha256();
      long size = 0;
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = content.read(buffer)) >= 0; ) {
          size += n;
          if (size > maxBytes) {
            throw new FileTooLargeException(UPLOAD, maxBytes);
          }
          check.update(buffer, 0, n);
          sha256.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      check.finish();
      Received received =
          new Received(
              file,
              size,
              HexFormat.of().formatHex(sha256.digest()),
              check.mainClass(),
              descriptorOf(file));
      kept = true;
      return received;
    } finally {
      if (!kept) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Keeps an accepted upload as the jar of package {@code id}. */
  public void keep(Received upload, PackageId id) {
    try {
      Files.move(upload.file(), jar(id), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the jar of package " + id, e);
    }
  }

  /** Where the jar of package {@code id} is, when it is there. */
  public Optional<Path> find(PackageId id) {
    Path jar = jar(id);
    return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
  }

  public void delete(PackageId id) {
    try {
      Files.deleteIfExists(jar(id));
    } catch (NoSuchFileException e) {
      // gone already
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the jar of package " + id, e);
    }
  }

  private Path jar(PackageId id) {
    return root.resolve(id.value() + ".jar");
  }

  /**
   * The descriptor entry of an accepted jar, read through its central directory (the check has made
   * sure the two agree and that nothing in it inflates out of bounds).
   */
  private static Optional<byte[]> descriptorOf(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(PackageDescriptor.PATH);
      if (entry == null) {
        return Optional.empty();
      }
      try (InputStream in = zip.getInputStream(entry)) {
        byte[] bytes = in.readNBytes(PackageDescriptor.MAX_BYTES + 1);
        if (bytes.length > PackageDescriptor.MAX_BYTES) {
          throw new FileContentException(
              PackageDescriptor.PATH + " is larger than " + PackageDescriptor.MAX_BYTES + " bytes");
        }
        return Optional.of(bytes);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
