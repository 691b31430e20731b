package io.bdpaas.backend.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One operating-system account per tenant, {@code bdpaas-<tenant>}, created on first use with
 * {@code useradd} (a system account with its own group, no home and no login shell). Nodes of that
 * tenant run as it through {@code setpriv}, so one tenant's code cannot read another tenant's files
 * or the platform's. Only possible when the platform runs as root: {@link #detect} says whether it
 * can be done here and, when not, why.
 */
final class TenantAccounts {
  static final String PREFIX = "bdpaas-";
  private static final Pattern TENANT = Pattern.compile("[a-z0-9]{1,20}");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final List<Path> USERADD =
      List.of(Path.of("/usr/sbin/useradd"), Path.of("/sbin/useradd"));
  private static final Path PASSWD = Path.of("/etc/passwd");

  private final Path useradd;
  private final Map<String, OsAccount> accounts = new ConcurrentHashMap<>();

  private TenantAccounts(Path useradd) {
    this.useradd = useradd;
  }

  /** Whether tenants can get accounts of their own here; when not, the reason. */
  sealed interface Detection permits Available, Unavailable {}

  record Available(TenantAccounts accounts) implements Detection {}

  record Unavailable(String reason) implements Detection {}

  /**
   * Checks that this process runs as root, that {@code setpriv} and {@code useradd} exist, that the
   * engine runtimes can be read by any account (a tenant's JVM loads its jars from there), and that
   * any account can pass through the folders above the data directory to its own cluster's folder.
   */
  static Detection detect(Path runtimes, Path clustersDirectory) {
    if (!runsAsRoot()) {
      return new Unavailable(
          "the platform runs as '"
              + System.getProperty("user.name")
              + "', not root, so it cannot run tenants' nodes as accounts of their own");
    }
    if (!Files.isExecutable(SETPRIV)) {
      return new Unavailable(SETPRIV + " is missing (Debian package util-linux)");
    }
    Optional<Path> useradd = USERADD.stream().filter(Files::isExecutable).findFirst();
    if (useradd.isEmpty()) {
      return new Unavailable("useradd is missing (Debian package passwd)");
    }
    Path dataDirectory = clustersDirectory.toAbsolutePath().normalize().getParent();
    Optional<Path> closedAbove =
        dataDirectory.getParent() == null
            ? Optional.empty()
            : firstClosedDirectory(dataDirectory.getParent(), false);
    if (closedAbove.isPresent()) {
      return new Unavailable(
          "tenants' accounts cannot reach their folders in "
              + dataDirectory
              + " ("
              + closedAbove.get()
              + " is not searchable by others); choose a data directory others may pass through");
    }
    Optional<Path> closed = firstClosedDirectory(runtimes, true);
    if (closed.isPresent()) {
      return new Unavailable(
          "the engine runtimes in "
              + runtimes
              + " cannot be reached by other accounts ("
              + closed.get()
              + " is not readable and searchable by others); move them, or open that folder");
    }
    return new Available(new TenantAccounts(useradd.get()));
  }

  /** Whether this process's effective user id is 0 (from {@code /proc/self/status}). */
  static boolean runsAsRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).strip().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** The tenant's account, created when it does not exist yet. */
  OsAccount accountFor(String tenant) {
    requireNonNull(tenant, "tenant is null");
    if (!TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "a tenant is 1 to 20 lower-case letters or digits: " + tenant);
    }
    return accounts.computeIfAbsent(tenant, this::findOrCreate);
  }

  private synchronized OsAccount findOrCreate(String tenant) {
    String name = PREFIX + tenant;
    Optional<OsAccount> existing = lookUp(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    List<String> command =
        List.of(
            useradd.toString(),
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            "--comment",
            "BDPaaS tenant " + tenant,
            name);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        // Another control plane may have created it meanwhile: look once more before failing.
        return lookUp(name)
            .orElseThrow(
                () -> new IllegalStateException("useradd " + name + " failed: " + output.strip()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run useradd for " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating account " + name, e);
    }
    return lookUp(name)
        .orElseThrow(() -> new IllegalStateException("useradd created no account " + name));
  }

  private static Optional<OsAccount> lookUp(String name) {
    try {
      for (String line : Files.readAllLines(PASSWD, StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 4 && fields[0].equals(name)) {
          return Optional.of(
              new OsAccount(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PASSWD + ": " + e.getMessage(), e);
    }
  }

  /**
   * The first folder on the way to {@code directory} (itself included) others cannot pass through,
   * or, with {@code readable}, whose last folder they cannot list.
   */
  private static Optional<Path> firstClosedDirectory(Path directory, boolean readable) {
    List<Path> chain = new ArrayList<>();
    for (Path path = directory.toAbsolutePath().normalize();
        path != null;
        path = path.getParent()) {
      chain.add(0, path);
    }
    for (Path path : chain) {
      try {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        boolean open =
            permissions.contains(PosixFilePermission.OTHERS_EXECUTE)
                && (!readable
                    || !path.equals(chain.get(chain.size() - 1))
                    || permissions.contains(PosixFilePermission.OTHERS_READ));
        if (!open) {
          return Optional.of(path);
        }
      } catch (IOException | UnsupportedOperationException e) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }
}
