package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The files of one storage area (see {@link ClusterBackend#storageFiles}): uploaded data the
 * tenant's engines read, kept in a folder of the area apart from its tables. Names are {@link
 * StorageFileName}s, so nothing outside that folder is ever reached; what the tenant's own code put
 * there under other names, links included, is neither listed nor followed. Files are private to the
 * tenant's nodes, as the area is. Implementations are thread-safe; an area that does not exist has
 * no files.
 */
public interface StorageFiles {

  /** The files, by name. */
  List<StoredFile> list();

  /**
   * Streams {@code content} into the file {@code name}, replacing the one of that name, once all of
   * it has arrived and been checked ({@link FileContentCheck}): nothing of a refused or broken
   * upload is kept, and readers see either the old file or the whole new one.
   *
   * @param maxBytes the most {@code content} may hold
   * @throws FileTooLargeException when {@code content} holds more than {@code maxBytes}
   * @throws FileContentException when it is not what the name's kind says
   * @throws IOException only when reading {@code content} failed (the same exception); a failure of
   *     the storage itself is an {@link java.io.UncheckedIOException}
   */
  StoredFile write(StorageFileName name, InputStream content, long maxBytes) throws IOException;

  /** The file's content to read from its start, or empty when there is no such file. */
  Optional<OpenFile> open(StorageFileName name);

  /** Deletes the file; false when there was none. */
  boolean delete(StorageFileName name);

  /** Bytes held by the whole storage area: its files, tables and metastore. */
  long usedBytes();

  /** Where the tenant's engines read the file {@code name} (it need not exist). */
  String location(StorageFileName name);

  /** A file opened for reading: what it was when opened, and its content. */
  record OpenFile(StoredFile file, InputStream content) implements Closeable {
    public OpenFile {
      requireNonNull(file, "file is null");
      requireNonNull(content, "content is null");
    }

    @Override
    public void close() throws IOException {
      content.close();
    }
  }
}
