package io.bdpaas.backend;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a zip archive as its bytes stream past, in pieces of any size, without keeping it. Each
 * entry is walked from its local header: stored data is counted, deflated data is inflated into one
 * reused buffer (that is how the end of an entry whose sizes come after it, in a data descriptor,
 * is found) and every entry's CRC is checked. Then the central directory and the end records are
 * checked against the entries walked: same entries in the same order, at the same offsets, with the
 * same names and sizes. So what {@link java.util.zip.ZipFile} will read later, from the central
 * directory, is what was checked here.
 *
 * <p>It refuses, at the first byte that shows it: names that could be unpacked outside their folder
 * (zip slip), encrypted entries, compression methods other than stored and deflated, stored entries
 * with a data descriptor, more than {@link Limits#maxEntries()} entries, and zip bombs: an entry
 * that has inflated more than {@link Limits#ratioFreeBytes()} and more than {@link
 * Limits#maxRatio()} times the compressed bytes it has read so far, or an archive unpacking to more
 * than {@link Limits#maxTotalBytes()}.
 *
 * <p>Memory is bounded: a 64 KiB inflation buffer, one header's name and extra field (at most 64
 * KiB each) and the inflater's own window. So is time: inflation stops at {@code maxRatio} times
 * the compressed bytes received (plus {@code ratioFreeBytes} per entry) and at {@code
 * maxTotalBytes} in all, so the work is linear in the size of the upload.
 *
 * <p>Not thread-safe; after a refusal, or once finished, it takes no more bytes.
 */
final class ZipStreamReader {
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int DESCRIPTOR_SIGNATURE = 0x08074b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int DIGITAL_SIGNATURE = 0x05054b50;
  private static final int ZIP64_END_SIGNATURE = 0x06064b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final byte[] LOCAL_SIGNATURE_BYTES = {'P', 'K', 3, 4};
  private static final byte[] END_SIGNATURE_BYTES = {'P', 'K', 5, 6};

  private static final int LOCAL_HEADER = 26;
  private static final int CENTRAL_HEADER = 42;
  private static final int ZIP64_END = 52;
  private static final int ZIP64_END_FIXED = 44;
  private static final int ZIP64_LOCATOR = 16;
  private static final int END = 18;

  private static final int ENCRYPTED = 1;
  private static final int HAS_DESCRIPTOR = 1 << 3;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final long MAGIC_32 = 0xFFFFFFFFL;
  private static final int MAGIC_16 = 0xFFFF;

  /** Bounds on what an archive may hold and unpack to. */
  record Limits(int maxEntries, int maxRatio, long ratioFreeBytes, long maxTotalBytes) {
    /** 65,536 entries; 100 times an entry's compressed size beyond 1 MiB; 2 GiB in all. */
    static final Limits DEFAULT = new Limits(65_536, 100, 1L << 20, 2L << 30);

    Limits {
      if (maxEntries <= 0 || maxRatio <= 0 || ratioFreeBytes < 0 || maxTotalBytes <= 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  /** What the reader tells as entries pass. */
  interface Listener {
    /** An entry begins; true to be shown its (inflated) content through {@link #content}. */
    boolean entryStarted(String name);

    /** The next bytes of the entry that started last. */
    void content(byte[] bytes, int offset, int length);
  }

  private enum State {
    SIGNATURE,
    LOCAL_HEADER,
    LOCAL_NAME,
    LOCAL_EXTRA,
    STORED_DATA,
    DEFLATED_DATA,
    DESCRIPTOR_START,
    DESCRIPTOR,
    CENTRAL_HEADER,
    CENTRAL_NAME,
    CENTRAL_EXTRA,
    DIGITAL_SIGNATURE,
    ZIP64_END,
    ZIP64_LOCATOR,
    END,
    SKIP,
    END_COMMENT,
    DONE,
    CLOSED
  }

  private final Limits limits;
  private final Listener listener;
  private final Function<String, ? extends RuntimeException> refusal;
  private final Inflater inflater = new Inflater(true);
  private final byte[] output = new byte[64 * 1024];
  private final CRC32 crc = new CRC32();
  private final byte[] recent = new byte[ZIP64_LOCATOR + 8];
  private final CharsetDecoder names =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  // The entries as walked and as the central directory lists them, in order.
  private final MessageDigest localEntries = sha256();
  private final MessageDigest centralEntries = sha256();

  private State state = State.SIGNATURE;
  private long position;
  private byte[] field = new byte[ZIP64_END];
  private int wanted = END_SIGNATURE_BYTES.length;
  private int filled;
  private long skipping;
  private int requiredSignature;

  private int localCount;
  private int centralCount;
  private long totalBytes;
  private long centralStart = -1;
  private long centralEnd = -1;
  private long zip64EndStart = -1;
  private boolean zip64EndSeen;
  private int endSignatureMatched;

  // The entry being walked, or the central directory header being read.
  private long entryOffset;
  private int flags;
  private int method;
  private long headerCrc;
  private long headerCompressed;
  private long headerSize;
  private int nameLength;
  private int extraLength;
  private int commentLength;
  private byte[] nameBytes;
  private String name;
  private boolean zip64;
  private boolean showContent;
  private long remaining;
  private long descriptorCrc;
  private boolean descriptorHoldsCrc;

  ZipStreamReader(
      Limits limits, Listener listener, Function<String, ? extends RuntimeException> refusal) {
    this.limits = requireNonNull(limits, "limits is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.refusal = requireNonNull(refusal, "refusal is null");
  }

  /** Takes the next bytes of the archive; throws the refusal at the first one that is wrong. */
  void update(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (state == State.CLOSED) {
      throw new IllegalStateException("the archive was refused or finished already");
    }
    try {
      int at = offset;
      int end = offset + length;
      while (at < end) {
        at += step(bytes, at, end);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The archive ended: throws the refusal unless it was whole, up to its end record. */
  void finish() {
    if (state == State.CLOSED) {
      throw new IllegalStateException("the archive was refused or finished already");
    }
    State last = state;
    close();
    if (last == State.DONE) {
      return;
    }
    if (position == 0) {
      throw refused("it is empty");
    }
    if (localCount == 0) {
      throw refused("it is cut short: it ends before its first entry");
    }
    if (centralStart >= 0) {
      throw refused("it is cut short: it ends inside its central directory or end record");
    }
    if (name == null) {
      throw refused("it is cut short: it ends inside the header of entry " + localCount);
    }
    boolean after = last == State.SIGNATURE;
    throw refused(
        "it is cut short: it ends "
            + (after ? "after" : "inside")
            + " entry '"
            + shown(name)
            + "', before its central directory");
  }

  private int step(byte[] bytes, int at, int end) {
    return switch (state) {
      case STORED_DATA -> storedData(bytes, at, end);
      case DEFLATED_DATA -> deflatedData(bytes, at, end);
      case SKIP -> skip(bytes, at, end);
      case END_COMMENT -> comment(bytes, at, end);
      case DONE -> throw refused("it has bytes after its end record");
      case CLOSED -> throw new IllegalStateException("closed");
      default -> collect(bytes, at, end);
    };
  }

  /** Gathers the bytes of a header or of one of its fields into {@link #field}. */
  private int collect(byte[] bytes, int at, int end) {
    int n = Math.min(wanted - filled, end - at);
    if (position < LOCAL_SIGNATURE_BYTES.length) {
      for (int i = 0; i < n && position + i < LOCAL_SIGNATURE_BYTES.length; i++) {
        if (bytes[at + i] != LOCAL_SIGNATURE_BYTES[(int) position + i]) {
          throw refused("it does not start like a zip archive");
        }
      }
    }
    System.arraycopy(bytes, at, field, filled, n);
    remember(bytes, at, n);
    filled += n;
    position += n;
    if (filled == wanted) {
      collected();
    }
    return n;
  }

  private void expect(int length, State next) {
    if (field.length < length) {
      field = new byte[Math.max(length, Math.min(2 * field.length, MAGIC_16))];
    }
    wanted = length;
    filled = 0;
    state = next;
    if (length == 0) {
      collected();
    }
  }

  private void expectSignature() {
    expect(4, State.SIGNATURE);
  }

  private void collected() {
    switch (state) {
      case SIGNATURE -> signature(u32(0));
      case LOCAL_HEADER -> localHeader();
      case LOCAL_NAME -> localName();
      case LOCAL_EXTRA -> localExtra();
      case DESCRIPTOR_START -> descriptorStart();
      case DESCRIPTOR -> descriptor();
      case CENTRAL_HEADER -> centralHeader();
      case CENTRAL_NAME -> centralName();
      case CENTRAL_EXTRA -> centralExtra();
      case DIGITAL_SIGNATURE -> skipThen(u16(0));
      case ZIP64_END -> zip64End();
      case ZIP64_LOCATOR -> zip64Locator();
      case END -> end();
      default -> throw new IllegalStateException("nothing to collect in " + state);
    }
  }

  private void signature(long signature) {
    long start = position - 4;
    if (requiredSignature != 0 && signature != requiredSignature) {
      throw refused("it has a damaged end record at offset " + start);
    }
    requiredSignature = 0;
    switch ((int) signature) {
      case LOCAL_SIGNATURE -> {
        if (centralStart >= 0) {
          throw refused("it has an entry after its central directory, at offset " + start);
        }
        if (localCount == limits.maxEntries()) {
          throw refused("it holds more than " + limits.maxEntries() + " entries");
        }
        localCount++;
        entryOffset = start;
        name = null;
        expect(LOCAL_HEADER, State.LOCAL_HEADER);
      }
      case CENTRAL_SIGNATURE -> {
        if (centralStart < 0) {
          centralStart = start;
        } else if (centralEnd >= 0) {
          throw refused("its central directory is out of order at offset " + start);
        }
        expect(CENTRAL_HEADER, State.CENTRAL_HEADER);
      }
      case DIGITAL_SIGNATURE -> {
        requireCentralDirectory(start);
        expect(2, State.DIGITAL_SIGNATURE);
      }
      case ZIP64_END_SIGNATURE -> {
        requireCentralDirectory(start);
        centralEnd = start;
        zip64EndStart = start;
        expect(ZIP64_END, State.ZIP64_END);
      }
      case ZIP64_LOCATOR_SIGNATURE -> {
        if (!zip64EndSeen) {
          throw refused("it has a zip64 end locator without its record, at offset " + start);
        }
        expect(ZIP64_LOCATOR, State.ZIP64_LOCATOR);
      }
      case END_SIGNATURE -> {
        requireCentralDirectory(start);
        if (centralEnd < 0) {
          centralEnd = start;
        }
        // java.util.zip looks for a zip64 locator just before the end record: none may hide in the
        // central directory's names, extra fields or comments.
        if (!zip64EndSeen && recentAt(start - ZIP64_LOCATOR - 4) == ZIP64_LOCATOR_SIGNATURE) {
          throw refused("its central directory hides a zip64 end locator");
        }
        expect(END, State.END);
      }
      default -> throw refused("it holds an unknown record at offset " + start);
    }
  }

  private void requireCentralDirectory(long start) {
    if (centralStart < 0) {
      throw refused("it has no central directory before its end, at offset " + start);
    }
  }

  private void localHeader() {
    flags = u16(2);
    method = u16(4);
    headerCrc = u32(10);
    headerCompressed = u32(14);
    headerSize = u32(18);
    nameLength = u16(22);
    extraLength = u16(24);
    if (nameLength == 0) {
      throw refused("its entry at offset " + entryOffset + " has no name");
    }
    expect(nameLength, State.LOCAL_NAME);
  }

  private void localName() {
    nameBytes = Arrays.copyOf(field, nameLength);
    name = decodeName(nameBytes);
    checkName(name);
    if ((flags & ENCRYPTED) != 0) {
      throw refused("entry '" + shown(name) + "' is encrypted");
    }
    if (method != STORED && method != DEFLATED) {
      throw refused(
          "entry '"
              + shown(name)
              + "' is compressed with method "
              + method
              + "; only stored and deflated entries can be read");
    }
    if (method == STORED && (flags & HAS_DESCRIPTOR) != 0) {
      throw refused(
          "entry '"
              + shown(name)
              + "' is stored with its size after it (a data descriptor), so its end cannot be told");
    }
    expect(extraLength, State.LOCAL_EXTRA);
  }

  private void localExtra() {
    int at = extraBlock(ZIP64_EXTRA, extraLength);
    zip64 = at >= 0;
    if ((flags & HAS_DESCRIPTOR) == 0) {
      int end = zip64 ? at + u16(at - 2) : 0;
      if (headerSize == MAGIC_32) {
        headerSize = zip64Value(at, end, "size");
        at += 8;
      }
      if (headerCompressed == MAGIC_32) {
        headerCompressed = zip64Value(at, end, "compressed size");
      }
    }
    showContent = listener.entryStarted(name);
    crc.reset();
    if (method == STORED) {
      if (headerCompressed != headerSize) {
        throw refused("stored entry '" + shown(name) + "' has two different sizes");
      }
      remaining = headerSize;
      state = State.STORED_DATA;
      if (remaining == 0) {
        entryEnded(headerCrc, 0, 0);
      }
    } else {
      inflater.reset();
      state = State.DEFLATED_DATA;
    }
  }

  private long zip64Value(int at, int end, String what) {
    if (at < 0 || at + 8 > end) {
      throw refused("entry '" + shown(name) + "' has no zip64 " + what);
    }
    long value = u64(at);
    if (value < 0) {
      throw refused("entry '" + shown(name) + "' has an impossible " + what);
    }
    return value;
  }

  private int storedData(byte[] bytes, int at, int end) {
    int n = (int) Math.min(remaining, end - at);
    crc.update(bytes, at, n);
    unpacked(n);
    if (showContent) {
      listener.content(bytes, at, n);
    }
    remaining -= n;
    position += n;
    if (remaining == 0) {
      entryEnded(headerCrc, headerSize, headerSize);
    }
    return n;
  }

  private int deflatedData(byte[] bytes, int at, int end) {
    int available = end - at;
    inflater.setInput(bytes, at, available);
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(output);
        if (n > 0) {
          crc.update(output, 0, n);
          unpacked(n);
          checkRatio(inflater.getBytesWritten(), inflater.getBytesRead());
          if (showContent) {
            listener.content(output, 0, n);
          }
        } else if (inflater.finished() || inflater.needsInput()) {
          break;
        } else {
          // A preset dictionary, or no progress at all: not something a jar holds.
          throw refused("entry '" + shown(name) + "' holds deflated data that cannot be read");
        }
      }
    } catch (DataFormatException e) {
      throw refused("entry '" + shown(name) + "' holds damaged deflated data");
    }
    int used = available - inflater.getRemaining();
    position += used;
    if (inflater.finished()) {
      long compressed = inflater.getBytesRead();
      long size = inflater.getBytesWritten();
      if ((flags & HAS_DESCRIPTOR) != 0) {
        headerCompressed = compressed;
        headerSize = size;
        expect(4, State.DESCRIPTOR_START);
      } else if (compressed != headerCompressed || size != headerSize) {
        throw refused("entry '" + shown(name) + "' does not have the sizes its header says");
      } else {
        entryEnded(headerCrc, compressed, size);
      }
    }
    return used;
  }

  private void checkRatio(long inflated, long compressed) {
    if (inflated > limits.ratioFreeBytes() && inflated > limits.maxRatio() * compressed) {
      throw refused(
          "entry '"
              + shown(name)
              + "' inflates to more than "
              + limits.maxRatio()
              + " times its compressed size: it looks like a zip bomb");
    }
  }

  private void unpacked(int bytes) {
    totalBytes += bytes;
    if (totalBytes > limits.maxTotalBytes()) {
      throw refused(
          "it unpacks to more than "
              + describeBytes(limits.maxTotalBytes())
              + ": it looks like a zip bomb");
    }
  }

  /** The first four bytes after deflated data: the optional signature, or the CRC. */
  private void descriptorStart() {
    // Sizes are 8 bytes long in a zip64 entry, 4 bytes otherwise (as java.util.zip reads them).
    int sizes = zip64 || headerCompressed >= MAGIC_32 || headerSize >= MAGIC_32 ? 16 : 8;
    long first = u32(0);
    descriptorHoldsCrc = first == DESCRIPTOR_SIGNATURE;
    if (!descriptorHoldsCrc) {
      descriptorCrc = first;
    }
    expect(sizes + (descriptorHoldsCrc ? 4 : 0), State.DESCRIPTOR);
  }

  private void descriptor() {
    int at = descriptorHoldsCrc ? 4 : 0;
    long expectedCrc = descriptorHoldsCrc ? u32(0) : descriptorCrc;
    boolean wide = filled - at == 16;
    long compressed = wide ? u64(at) : u32(at);
    long size = wide ? u64(at + 8) : u32(at + 4);
    if (compressed != headerCompressed || size != headerSize) {
      throw refused("entry '" + shown(name) + "' does not have the sizes its descriptor says");
    }
    entryEnded(expectedCrc, compressed, size);
  }

  private void entryEnded(long expectedCrc, long compressed, long size) {
    if (crc.getValue() != expectedCrc) {
      throw refused("entry '" + shown(name) + "' is damaged: its CRC does not match");
    }
    record(localEntries, entryOffset, nameBytes, method, compressed, size, expectedCrc);
    showContent = false;
    expectSignature();
  }

  private void centralHeader() {
    centralCount++;
    if (centralCount > localCount) {
      throw refused("its central directory lists more entries than it holds");
    }
    flags = u16(4);
    method = u16(6);
    headerCrc = u32(12);
    headerCompressed = u32(16);
    headerSize = u32(20);
    nameLength = u16(24);
    extraLength = u16(26);
    commentLength = u16(28);
    entryOffset = u32(38);
    int disk = u16(30);
    if ((flags & ENCRYPTED) != 0 || disk != 0 && disk != MAGIC_16) {
      throw centralDirectoryDiffers();
    }
    expect(nameLength, State.CENTRAL_NAME);
  }

  private void centralName() {
    nameBytes = Arrays.copyOf(field, nameLength);
    expect(extraLength, State.CENTRAL_EXTRA);
  }

  private void centralExtra() {
    int at = extraBlock(ZIP64_EXTRA, extraLength);
    int end = at < 0 ? 0 : at + u16(at - 2);
    if (headerSize == MAGIC_32) {
      headerSize = centralZip64Value(at, end);
      at += 8;
    }
    if (headerCompressed == MAGIC_32) {
      headerCompressed = centralZip64Value(at, end);
      at += 8;
    }
    if (entryOffset == MAGIC_32) {
      entryOffset = centralZip64Value(at, end);
    }
    record(centralEntries, entryOffset, nameBytes, method, headerCompressed, headerSize, headerCrc);
    skipThen(commentLength);
  }

  private long centralZip64Value(int at, int end) {
    if (at < 0 || at + 8 > end) {
      throw centralDirectoryDiffers();
    }
    return u64(at);
  }

  private void zip64End() {
    long size = u64(0);
    long centralSize = centralEnd - centralStart;
    if (size < ZIP64_END_FIXED
        || u32(12) != 0
        || u32(16) != 0
        || u64(20) != centralCount
        || u64(28) != centralCount
        || u64(36) != centralSize
        || u64(44) != centralStart) {
      throw refused("its zip64 end record does not match its central directory");
    }
    zip64EndSeen = true;
    requiredSignature = ZIP64_LOCATOR_SIGNATURE;
    skipThen(size - ZIP64_END_FIXED);
  }

  private void zip64Locator() {
    if (u32(0) != 0 || u64(4) != zip64EndStart || u32(12) > 1) {
      throw refused("its zip64 end locator does not match its zip64 end record");
    }
    requiredSignature = END_SIGNATURE;
    expectSignature();
  }

  private void end() {
    long centralSize = centralEnd - centralStart;
    boolean matches =
        matches16(u16(0), 0)
            && matches16(u16(2), 0)
            && matches16(u16(4), centralCount)
            && matches16(u16(6), centralCount)
            && matches32(u32(8), centralSize)
            && matches32(u32(12), centralStart);
    if (!matches) {
      throw refused("its end record does not match its central directory");
    }
    if (centralCount != localCount
        || !MessageDigest.isEqual(localEntries.digest(), centralEntries.digest())) {
      throw centralDirectoryDiffers();
    }
    // java.util.zip finds the end record by searching back from the end of the file: none may
    // hide in what follows the real one.
    for (int i = 0; i < END; i++) {
      watchEndSignature(field[i]);
    }
    skipping = u16(16);
    state = skipping == 0 ? State.DONE : State.END_COMMENT;
  }

  private boolean matches16(int value, long actual) {
    return value == actual || value == MAGIC_16 && zip64EndSeen;
  }

  private boolean matches32(long value, long actual) {
    return value == actual || value == MAGIC_32 && zip64EndSeen;
  }

  private int comment(byte[] bytes, int at, int end) {
    int n = (int) Math.min(skipping, end - at);
    for (int i = at; i < at + n; i++) {
      watchEndSignature(bytes[i]);
    }
    skipping -= n;
    position += n;
    if (skipping == 0) {
      state = State.DONE;
    }
    return n;
  }

  private void watchEndSignature(byte b) {
    if (b == END_SIGNATURE_BYTES[endSignatureMatched]) {
      endSignatureMatched++;
    } else {
      endSignatureMatched = b == END_SIGNATURE_BYTES[0] ? 1 : 0;
    }
    if (endSignatureMatched == END_SIGNATURE_BYTES.length) {
      throw refused("its comment holds a second end record");
    }
  }

  private void skipThen(long length) {
    skipping = length;
    state = State.SKIP;
    if (skipping == 0) {
      expectSignature();
    }
  }

  private int skip(byte[] bytes, int at, int end) {
    int n = (int) Math.min(skipping, end - at);
    remember(bytes, at, n);
    skipping -= n;
    position += n;
    if (skipping == 0) {
      expectSignature();
    }
    return n;
  }

  /** Keeps the last bytes of headers and skipped fields, to look back at before the end record. */
  private void remember(byte[] bytes, int at, int n) {
    for (int i = Math.max(at, at + n - recent.length); i < at + n; i++) {
      recent[(int) ((position + i - at) % recent.length)] = bytes[i];
    }
  }

  /** The four bytes at {@code offset}, one of the last remembered; 0 when not remembered. */
  private long recentAt(long offset) {
    if (offset < 0 || offset < position - recent.length) {
      return 0;
    }
    long value = 0;
    for (int i = 3; i >= 0; i--) {
      value = value << 8 | (recent[(int) ((offset + i) % recent.length)] & 0xff);
    }
    return value;
  }

  /** Where the data of the extra field block {@code id} starts in {@link #field}, or -1. */
  private int extraBlock(int id, int length) {
    int at = 0;
    while (at + 4 <= length) {
      int size = u16(at + 2);
      if (at + 4 + size > length) {
        return -1; // padding, as some tools leave: not a block
      }
      if (u16(at) == id) {
        return at + 4;
      }
      at += 4 + size;
    }
    return -1;
  }

  private String decodeName(byte[] bytes) {
    try {
      CharBuffer decoded = names.reset().decode(ByteBuffer.wrap(bytes));
      return decoded.toString();
    } catch (CharacterCodingException e) {
      throw refused("the name of its entry at offset " + entryOffset + " is not UTF-8");
    }
  }

  /** Refuses a name that would be unpacked outside the folder it is unpacked in. */
  private void checkName(String entry) {
    String why = null;
    if (entry.indexOf('\0') >= 0) {
      why = "holds a NUL character";
    } else if (entry.indexOf('\\') >= 0) {
      why = "holds a backslash";
    } else if (entry.startsWith("/")) {
      why = "is absolute";
    } else if (entry.length() >= 2 && entry.charAt(1) == ':' && isAsciiLetter(entry.charAt(0))) {
      why = "starts with a drive letter";
    } else if (Arrays.asList(entry.split("/", -1)).contains("..")) {
      why = "has a '..' segment";
    }
    if (why != null) {
      throw refused(
          "entry '"
              + shown(entry)
              + "' could be unpacked outside its folder (zip slip): its name "
              + why);
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private RuntimeException centralDirectoryDiffers() {
    return refused("its central directory does not list the entries it holds");
  }

  private RuntimeException refused(String why) {
    close();
    return refusal.apply(why);
  }

  private void close() {
    state = State.CLOSED;
    inflater.end();
  }

  private int u16(int at) {
    return (field[at] & 0xff) | (field[at + 1] & 0xff) << 8;
  }

  private long u32(int at) {
    return u16(at) | (long) u16(at + 2) << 16;
  }

  private long u64(int at) {
    return u32(at) | u32(at + 4) << 32;
  }

  private static void record(
      MessageDigest digest,
      long offset,
      byte[] name,
      int method,
      long compressed,
      long size,
      long crc) {
    ByteBuffer numbers = ByteBuffer.allocate(40);
    numbers.putLong(offset).putInt(name.length).putInt(method);
    numbers.putLong(compressed).putLong(size).putLong(crc);
    digest.update(numbers.array());
    digest.update(name);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String shown(String entry) {
    return StorageFileName.printable(entry);
  }

  static String describeBytes(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    return bytes + " bytes";
  }
}
