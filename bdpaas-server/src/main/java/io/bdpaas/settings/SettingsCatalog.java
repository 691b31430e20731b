package io.bdpaas.settings;

import com.sun.management.OperatingSystemMXBean;
import io.bdpaas.tenancy.AccountRules;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one catalog of BDPaaS settings: every setting's name, type, default and description, and the
 * binding of their values into an immutable {@link BdpaasSettings}.
 *
 * <p>Binding is a pure function of a key lookup, so it is tested without starting the server. It
 * collects every problem (unparsable values, out-of-range numbers, unknown keys) and reports them
 * all at once.
 */
public final class SettingsCatalog {

  public static final Setting<Integer> PORT =
      setting(
          "bdpaas.port",
          "port",
          "8080",
          "TCP port of the web console and the REST API.",
          text -> intInRange(text, 0, 65535));
  public static final Setting<String> BIND_ADDRESS =
      setting(
          "bdpaas.bind-address",
          "host",
          "127.0.0.1",
          "Address the server listens on. Use 0.0.0.0 to accept connections from other machines.",
          SettingsCatalog::nonBlank);
  public static final Setting<Path> DATA_DIR =
      setting(
          "bdpaas.data-dir",
          "path",
          "./data",
          "Directory that holds everything the platform writes: the embedded database, cluster"
              + " working directories, logs and uploads.",
          text -> Path.of(nonBlank(text)).toAbsolutePath().normalize());
  public static final Setting<String> DATABASE_URL =
      setting(
          "bdpaas.database.url",
          "JDBC URL",
          "",
          "JDBC URL of the platform database. Empty means an embedded H2 file database in the"
              + " data directory's db folder. PostgreSQL: jdbc:postgresql://host:5432/bdpaas.",
          SettingsCatalog::jdbcUrl);
  public static final Setting<String> DATABASE_USER =
      setting(
          "bdpaas.database.user",
          "string",
          "sa",
          "User name for the platform database.",
          text -> text);
  public static final Setting<String> DATABASE_PASSWORD =
      new Setting<>(
          "bdpaas.database.password",
          "string",
          Optional.of(""),
          "Password for the platform database.",
          true,
          text -> text);
  public static final Setting<BackendKind> BACKEND =
      setting(
          "bdpaas.backend",
          "local | kubernetes",
          "local",
          "Where clusters run: 'local' starts engine processes on this machine; 'kubernetes' runs"
              + " them as pods in a namespace per tenant through the Kubernetes API (see"
              + " bdpaas.kubernetes.*).",
          text -> enumValue(BackendKind.class, text));
  public static final Setting<Optional<Path>> KUBERNETES_KUBECONFIG =
      setting(
          "bdpaas.kubernetes.kubeconfig",
          "path | empty",
          "",
          "The kubeconfig file the Kubernetes backend connects with. Empty: the usual search"
              + " (KUBECONFIG, ~/.kube/config), and inside a pod its service account.",
          SettingsCatalog::existingFile);
  public static final Setting<String> KUBERNETES_NAMESPACE =
      setting(
          "bdpaas.kubernetes.namespace",
          "namespace name",
          "bdpaas",
          "The namespace the control plane runs in: tenants' NetworkPolicies let in only their own"
              + " pods and this namespace's.",
          SettingsCatalog::dnsLabel);
  public static final Setting<String> KUBERNETES_NAMESPACE_PREFIX =
      setting(
          "bdpaas.kubernetes.namespace-prefix",
          "name (at most 30 characters)",
          "bdpaas",
          "First part of each tenant's namespace: <prefix>--<tenant>--bdpaas-u.",
          text -> {
            if (text.length() > 30) {
              throw new IllegalArgumentException("must be at most 30 characters");
            }
            return dnsLabel(text);
          });
  public static final Setting<Map<String, String>> KUBERNETES_IMAGES =
      setting(
          "bdpaas.kubernetes.images",
          "image=image, ...",
          "",
          "Images to run instead of those the product templates name, e.g."
              + " apache/spark:4.2.0=registry.example.com/spark:4.2.0 for a registry of your own."
              + " Empty: the official Apache images.",
          SettingsCatalog::imageReplacements);
  public static final Setting<Optional<String>> KUBERNETES_STORAGE_CLASS =
      setting(
          "bdpaas.kubernetes.storage-class",
          "name | empty",
          "",
          "Storage class of the volume claims that hold projects' storage (ReadWriteMany). Empty:"
              + " the cluster's default class.",
          text -> text.isEmpty() ? Optional.empty() : Optional.of(dnsSubdomain(text)));
  public static final Setting<String> KUBERNETES_STORAGE_SIZE =
      setting(
          "bdpaas.kubernetes.storage-size",
          "quantity",
          "10Gi",
          "Size each project's storage claim asks for.",
          SettingsCatalog::quantity);
  public static final Setting<BdpaasSettings.Kubernetes.NodeAccess> KUBERNETES_NODE_ACCESS =
      setting(
          "bdpaas.kubernetes.node-access",
          "auto | cluster-dns | port-forward",
          "auto",
          "How the control plane reaches the ports of the pods it runs (Spark Connect, the engines'"
              + " REST APIs and UIs). 'cluster-dns': by their names in the cluster's DNS, for a"
              + " control plane inside the cluster; 'port-forward': through port-forwards over the"
              + " API server, as kubectl port-forward, for one outside it. 'auto': cluster-dns when"
              + " the control plane runs in a pod, port-forward otherwise.",
          text -> enumValue(BdpaasSettings.Kubernetes.NodeAccess.class, text));
  public static final Setting<Optional<String>> KUBERNETES_INGRESS_CLASS =
      setting(
          "bdpaas.kubernetes.ingress-class",
          "IngressClass name | empty",
          "",
          "Publish the ports product templates expose (a Spark project's Connect server) to clients"
              + " outside the cluster through Ingresses of this class, each on a host of its own"
              + " under bdpaas.kubernetes.ingress-domain with TLS (the controller's default"
              + " certificate). Empty: nothing is published; clients inside the cluster reach the"
              + " pods by their cluster DNS names.",
          text -> text.isEmpty() ? Optional.empty() : Optional.of(dnsSubdomain(text)));
  public static final Setting<Optional<String>> KUBERNETES_INGRESS_DOMAIN =
      setting(
          "bdpaas.kubernetes.ingress-domain",
          "DNS domain | empty",
          "",
          "The domain whose names reach the ingress controller (a wildcard DNS record and"
              + " certificate for *.domain): published ports get hosts such as"
              + " c-1a2b3c4d-connect-0-grpc.<domain>. Required with an ingress class.",
          text -> text.isEmpty() ? Optional.empty() : Optional.of(dnsSubdomain(text)));
  public static final Setting<String> KUBERNETES_INGRESS_NAMESPACE =
      setting(
          "bdpaas.kubernetes.ingress-namespace",
          "namespace name",
          "ingress-nginx",
          "The namespace of the ingress controller's pods: tenants' NetworkPolicies let them in to"
              + " the published ports, and to nothing else.",
          SettingsCatalog::dnsLabel);
  public static final Setting<Optional<String>> KUBERNETES_FILES_IMAGE =
      setting(
          "bdpaas.kubernetes.files-image",
          "image | empty",
          "",
          "The image of the small pod that serves a project's files to the control plane (one per"
              + " project, in the tenant's namespace): the control plane's own image. Empty:"
              + " bdpaas/bdpaas-server:<this version>, as the build names it (the Helm chart sets"
              + " its own).",
          text -> text.isEmpty() ? Optional.empty() : Optional.of(imageName(text)));
  public static final Setting<Path> RUNTIME_DIR =
      setting(
          "bdpaas.runtime-dir",
          "path",
          "./bdpaas-runtime/target/runtime",
          "Directory holding the engine runtimes (spark-4.2.0/jars, flink-2.3.0/lib) that the"
              + " local backend starts cluster nodes from; the build assembles it. Left at its"
              + " default, it is also looked for next to the server's jar. Start-up stops, saying"
              + " where it looked, when no runtimes are found.",
          text -> Path.of(nonBlank(text)).toAbsolutePath().normalize());
  public static final Setting<Integer> LOCAL_MILLI_CORES =
      setting(
          "bdpaas.local.cores",
          "number | auto",
          "auto",
          "CPU cores the local backend hands out to clusters. 'auto' is 4 per processor: engine"
              + " daemons mostly idle, so reservations overcommit the machine.",
          text ->
              text.equals("auto")
                  ? Runtime.getRuntime().availableProcessors() * 4000
                  : (int) Math.round(decimalInRange(text, 0.1, 10_000) * 1000));
  public static final Setting<Integer> LOCAL_MEMORY_MB =
      setting(
          "bdpaas.local.memory-mb",
          "integer (MiB) | auto",
          "auto",
          "Memory in MiB the local backend hands out to clusters. 'auto' is three quarters of the"
              + " machine's physical memory.",
          text ->
              text.equals("auto") ? physicalMemoryMb() * 3 / 4 : intInRange(text, 64, 100_000_000));
  public static final Setting<Boolean> LOCAL_TENANT_ACCOUNTS =
      setting(
          "bdpaas.local.tenant-accounts",
          "boolean",
          "true",
          "Run each tenant's nodes as an OS account of that tenant (bdpaas-u<id>, created with"
              + " useradd) in private folders, so one tenant's code cannot read another's data or the"
              + " platform's. Needs the platform to run as root; otherwise, or when false, every"
              + " tenant's code runs as the platform's account and the platform warns that it is one"
              + " trust domain.",
          SettingsCatalog::bool);
  public static final Setting<Integer> DEFAULT_QUOTA_CORES =
      setting(
          "bdpaas.quota.default-cores",
          "integer",
          "8",
          "CPU cores a new user may allocate to clusters at once.",
          text -> intInRange(text, 0, 100_000));
  public static final Setting<Integer> DEFAULT_QUOTA_MEMORY_MB =
      setting(
          "bdpaas.quota.default-memory-mb",
          "integer (MiB)",
          "16384",
          "Memory in MiB a new user may allocate to clusters at once.",
          text -> intInRange(text, 0, 100_000_000));
  public static final Setting<Integer> DEFAULT_QUOTA_PROJECTS =
      setting(
          "bdpaas.quota.default-projects",
          "integer",
          "5",
          "Number of projects a new user may own.",
          text -> intInRange(text, 0, 100_000));
  public static final Setting<Integer> MAX_API_TOKENS =
      setting(
          "bdpaas.quota.max-api-tokens",
          "integer",
          "100",
          "API tokens (not yet expired) a user may hold at once; creating one more, or signing in"
              + " for a token, is refused with 422 until one is revoked or expires.",
          text -> intInRange(text, 1, 1_000_000));
  public static final Setting<Integer> MAX_WAITING_CLUSTERS =
      setting(
          "bdpaas.quota.max-waiting-clusters",
          "integer",
          "10",
          "Clusters a user may have waiting for admission (registered or scheduling) at once;"
              + " creating one more is refused with 422 until some are admitted or destroyed.",
          text -> intInRange(text, 1, 100_000));
  public static final Setting<Integer> DESTROYED_CLUSTER_RETENTION_DAYS =
      setting(
          "bdpaas.retention.destroyed-cluster-days",
          "integer",
          "30",
          "Days the records of a destroyed cluster (the cluster and its events) are kept, for its"
              + " owner and for audit, before they are purged. Its working directory is removed"
              + " when it is destroyed.",
          text -> intInRange(text, 1, 36_500));
  public static final Setting<Integer> JOB_LOG_RETENTION_DAYS =
      setting(
          "bdpaas.retention.job-log-days",
          "integer",
          "30",
          "Days the platform keeps the driver output of a job's run after the run ended; the run's"
              + " record stays, saying its log was removed.",
          text -> intInRange(text, 1, 36_500));
  public static final Setting<Long> MAX_REQUEST_BODY =
      setting(
          "bdpaas.api.max-request-body",
          "size",
          "1MB",
          "Largest JSON request body the API accepts; larger bodies get 413.",
          text -> DataSize.parse(text, 1024, 64L * 1024 * 1024));
  public static final Setting<Long> MAX_UPLOAD_SIZE =
      setting(
          "bdpaas.upload.max-size",
          "size",
          "256MB",
          "Largest file (application package, job jar) a user may upload.",
          text -> DataSize.parse(text, 1024, 16L * 1024 * 1024 * 1024));
  public static final Setting<Long> MAX_PROJECT_FILE_SIZE =
      setting(
          "bdpaas.projects.max-file-size",
          "size",
          "512MB",
          "Largest file (CSV, JSON, Parquet, text, jar) a user may upload to a project's storage"
              + " (PUT /api/v1/projects/{id}/files/{name}); the body is streamed to disk, and a"
              + " larger one gets 413 and nothing of it is kept.",
          text -> DataSize.parse(text, 1024, 1024L * 1024 * 1024 * 1024));
  public static final Setting<Long> MIN_UPLOAD_RATE =
      setting(
          "bdpaas.http.min-upload-rate",
          "size (per second)",
          "64KB",
          "Slowest average rate, in bytes per second, at which a streamed upload (a project's"
              + " file) must arrive once it has had bdpaas.http.body-read-timeout-seconds to start;"
              + " a slower one gets 408 and its connection is closed, so a client trickling a large"
              + " upload cannot hold a server thread for long.",
          text -> DataSize.parse(text, 1, 1024L * 1024 * 1024));
  public static final Setting<Integer> MAX_CONCURRENT_UPLOADS =
      setting(
          "bdpaas.http.max-concurrent-uploads",
          "integer",
          "8",
          "Streamed uploads (projects' files) received at once, apart from the other request"
              + " bodies (bdpaas.http.max-concurrent-bodies); one more gets 503 with Retry-After.",
          text -> intInRange(text, 1, 10_000));
  public static final Setting<Boolean> SECURE_COOKIES =
      setting(
          "bdpaas.http.secure-cookies",
          "boolean",
          "true",
          "Mark session and CSRF cookies Secure. Browsers accept them on https:// and on"
              + " http://localhost; set false only to serve plain HTTP to other hosts.",
          SettingsCatalog::bool);
  public static final Setting<Integer> MAX_CONNECTIONS =
      setting(
          "bdpaas.http.max-connections",
          "integer",
          "8192",
          "HTTP connections the server keeps open at once; more wait to be accepted.",
          text -> intInRange(text, 10, 100_000));
  public static final Setting<Integer> CONNECTION_TIMEOUT_SECONDS =
      setting(
          "bdpaas.http.connection-timeout-seconds",
          "integer",
          "10",
          "Seconds a new connection may take to send its request line and headers, and the longest"
              + " silence while a body is read.",
          text -> intInRange(text, 1, 600));
  public static final Setting<Integer> KEEP_ALIVE_TIMEOUT_SECONDS =
      setting(
          "bdpaas.http.keep-alive-timeout-seconds",
          "integer",
          "20",
          "Seconds an idle connection is kept open for its next request.",
          text -> intInRange(text, 1, 600));
  public static final Setting<Integer> BODY_READ_TIMEOUT_SECONDS =
      setting(
          "bdpaas.http.body-read-timeout-seconds",
          "integer",
          "20",
          "Seconds a request body may take to arrive in full, however it trickles in; a slower one"
              + " gets 408 and its connection is closed.",
          text -> intInRange(text, 1, 3600));
  public static final Setting<Integer> MAX_CONCURRENT_BODIES =
      setting(
          "bdpaas.http.max-concurrent-bodies",
          "integer",
          "64",
          "Request bodies read at once (each holds a server thread while it arrives); a request"
              + " with a body beyond this gets 503 with Retry-After at once, so slow clients can"
              + " never hold every thread and health and page views stay served.",
          text -> intInRange(text, 1, 10_000));
  public static final Setting<Integer> MAX_FAILED_SIGN_INS =
      setting(
          "bdpaas.security.max-failed-sign-ins",
          "integer",
          "10",
          "Failed sign-ins in a row from one client address after which that address may not"
              + " sign in to the account for a while (console and token login alike), against"
              + " password guessing; other addresses, the owner's, are not locked out.",
          text -> intInRange(text, 1, 1000));
  public static final Setting<Integer> LOCKOUT_SECONDS =
      setting(
          "bdpaas.security.lockout-seconds",
          "integer",
          "900",
          "How long an address stays locked out of an account after too many failed sign-ins.",
          text -> intInRange(text, 1, 86_400));
  public static final Setting<Integer> TOKEN_EXPIRY_DAYS =
      setting(
          "bdpaas.security.token-expiry-days",
          "integer",
          "90",
          "Days until an API token from the password login (POST /api/v1/auth/token) expires when"
              + " the request names no expiresInDays, as a console-made token does (the console's"
              + " form preselects 90 days).",
          text -> intInRange(text, 1, 3650));
  public static final Setting<Integer> SIGN_INS_PER_MINUTE =
      setting(
          "bdpaas.security.sign-ins-per-minute",
          "integer",
          "20",
          "Sign-in attempts (console form and token login) one client address may make per"
              + " minute, in a burst or spread out; more are answered 429 with Retry-After. Each"
              + " attempt costs a password hash, so this bounds the CPU anonymous clients can take.",
          text -> intInRange(text, 1, 1_000_000));
  public static final Setting<Integer> RECONCILE_THREADS =
      setting(
          "bdpaas.reconcile.threads",
          "integer",
          "4",
          "Threads that step clusters toward what their owners ask for. Each cluster takes one step"
              + " at a time; this many clusters step at once, so a slow engine holds one thread,"
              + " never the others.",
          text -> intInRange(text, 1, 64));
  public static final Setting<Integer> SESSION_TIMEOUT_MINUTES =
      setting(
          "bdpaas.http.session-timeout-minutes",
          "integer",
          "480",
          "Minutes of inactivity after which a console session expires.",
          text -> intInRange(text, 1, 10_080));
  public static final Setting<String> ADMIN_USERNAME =
      setting(
          "bdpaas.admin.username",
          "string",
          "admin",
          "Name of the administrator account created on first start.",
          SettingsCatalog::username);
  public static final Setting<String> ADMIN_PASSWORD =
      new Setting<>(
          "bdpaas.admin.password",
          "string",
          Optional.of(""),
          "Password of the administrator account created on first start. Empty means a random one,"
              + " printed once in the log. Ignored once any account exists.",
          true,
          SettingsCatalog::initialPassword);

  private static final List<Setting<?>> ALL =
      List.of(
          PORT,
          BIND_ADDRESS,
          DATA_DIR,
          DATABASE_URL,
          DATABASE_USER,
          DATABASE_PASSWORD,
          BACKEND,
          KUBERNETES_KUBECONFIG,
          KUBERNETES_NAMESPACE,
          KUBERNETES_NAMESPACE_PREFIX,
          KUBERNETES_IMAGES,
          KUBERNETES_STORAGE_CLASS,
          KUBERNETES_STORAGE_SIZE,
          KUBERNETES_NODE_ACCESS,
          KUBERNETES_INGRESS_CLASS,
          KUBERNETES_INGRESS_DOMAIN,
          KUBERNETES_INGRESS_NAMESPACE,
          KUBERNETES_FILES_IMAGE,
          RUNTIME_DIR,
          LOCAL_MILLI_CORES,
          LOCAL_MEMORY_MB,
          LOCAL_TENANT_ACCOUNTS,
          RECONCILE_THREADS,
          DEFAULT_QUOTA_CORES,
          DEFAULT_QUOTA_MEMORY_MB,
          DEFAULT_QUOTA_PROJECTS,
          MAX_API_TOKENS,
          MAX_WAITING_CLUSTERS,
          DESTROYED_CLUSTER_RETENTION_DAYS,
          JOB_LOG_RETENTION_DAYS,
          MAX_REQUEST_BODY,
          MAX_UPLOAD_SIZE,
          MAX_PROJECT_FILE_SIZE,
          SECURE_COOKIES,
          SESSION_TIMEOUT_MINUTES,
          MAX_CONNECTIONS,
          CONNECTION_TIMEOUT_SECONDS,
          KEEP_ALIVE_TIMEOUT_SECONDS,
          BODY_READ_TIMEOUT_SECONDS,
          MAX_CONCURRENT_BODIES,
          MIN_UPLOAD_RATE,
          MAX_CONCURRENT_UPLOADS,
          MAX_FAILED_SIGN_INS,
          LOCKOUT_SECONDS,
          TOKEN_EXPIRY_DAYS,
          SIGN_INS_PER_MINUTE,
          ADMIN_USERNAME,
          ADMIN_PASSWORD);

  private SettingsCatalog() {}

  /** Every setting, in the order of the reference document. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /**
   * Binds the settings from {@code values} (keys as in the catalog, already merged from flags and
   * environment) and reports every problem.
   *
   * @param values the given values by setting key
   * @param givenKeys every {@code bdpaas.*} key that was given, so that misspelt keys are reported
   */
  public static Binding bind(Map<String, String> values, Set<String> givenKeys) {
    List<String> problems = new ArrayList<>();
    Set<String> known = ALL.stream().map(Setting::key).collect(Collectors.toSet());
    for (String key : new TreeSet<>(givenKeys)) {
      if (!known.contains(key)) {
        problems.add(key + ": unknown setting" + suggestion(key));
      }
    }
    Reader reader = new Reader(values, problems);
    Integer port = reader.read(PORT);
    String bindAddress = reader.read(BIND_ADDRESS);
    Path dataDir = reader.read(DATA_DIR);
    String databaseUrl = reader.read(DATABASE_URL);
    String databaseUser = reader.read(DATABASE_USER);
    String databasePassword = reader.read(DATABASE_PASSWORD);
    BackendKind backend = reader.read(BACKEND);
    Optional<Path> kubeconfig = reader.read(KUBERNETES_KUBECONFIG);
    String kubernetesNamespace = reader.read(KUBERNETES_NAMESPACE);
    String namespacePrefix = reader.read(KUBERNETES_NAMESPACE_PREFIX);
    Map<String, String> images = reader.read(KUBERNETES_IMAGES);
    Optional<String> storageClass = reader.read(KUBERNETES_STORAGE_CLASS);
    String storageSize = reader.read(KUBERNETES_STORAGE_SIZE);
    BdpaasSettings.Kubernetes.NodeAccess nodeAccess = reader.read(KUBERNETES_NODE_ACCESS);
    Optional<String> ingressClass = reader.read(KUBERNETES_INGRESS_CLASS);
    Optional<String> ingressDomain = reader.read(KUBERNETES_INGRESS_DOMAIN);
    String ingressNamespace = reader.read(KUBERNETES_INGRESS_NAMESPACE);
    Optional<String> filesImage = reader.read(KUBERNETES_FILES_IMAGE);
    if (ingressClass != null
        && ingressDomain != null
        && ingressClass.isPresent()
        && ingressDomain.isEmpty()) {
      problems.add(
          KUBERNETES_INGRESS_DOMAIN.key()
              + " (env "
              + KUBERNETES_INGRESS_DOMAIN.environmentVariable()
              + "): is required with "
              + KUBERNETES_INGRESS_CLASS.key()
              + " '"
              + ingressClass.get()
              + "': the published ports' hosts are under it");
    }
    Path runtimeDir = reader.read(RUNTIME_DIR);
    Integer localMilliCores = reader.read(LOCAL_MILLI_CORES);
    Integer localMemoryMb = reader.read(LOCAL_MEMORY_MB);
    Boolean localTenantAccounts = reader.read(LOCAL_TENANT_ACCOUNTS);
    Integer cores = reader.read(DEFAULT_QUOTA_CORES);
    Integer memory = reader.read(DEFAULT_QUOTA_MEMORY_MB);
    Integer projects = reader.read(DEFAULT_QUOTA_PROJECTS);
    Integer maxApiTokens = reader.read(MAX_API_TOKENS);
    Integer maxWaitingClusters = reader.read(MAX_WAITING_CLUSTERS);
    Integer retentionDays = reader.read(DESTROYED_CLUSTER_RETENTION_DAYS);
    Integer jobLogDays = reader.read(JOB_LOG_RETENTION_DAYS);
    Long maxBody = reader.read(MAX_REQUEST_BODY);
    Long maxUpload = reader.read(MAX_UPLOAD_SIZE);
    Boolean secureCookies = reader.read(SECURE_COOKIES);
    Integer sessionTimeout = reader.read(SESSION_TIMEOUT_MINUTES);
    Integer maxConnections = reader.read(MAX_CONNECTIONS);
    Integer connectionTimeout = reader.read(CONNECTION_TIMEOUT_SECONDS);
    Integer keepAliveTimeout = reader.read(KEEP_ALIVE_TIMEOUT_SECONDS);
    Integer bodyReadTimeout = reader.read(BODY_READ_TIMEOUT_SECONDS);
    Integer maxConcurrentBodies = reader.read(MAX_CONCURRENT_BODIES);
    Long maxProjectFile = reader.read(MAX_PROJECT_FILE_SIZE);
    Long minUploadRate = reader.read(MIN_UPLOAD_RATE);
    Integer maxConcurrentUploads = reader.read(MAX_CONCURRENT_UPLOADS);
    Integer reconcileThreads = reader.read(RECONCILE_THREADS);
    Integer maxFailedSignIns = reader.read(MAX_FAILED_SIGN_INS);
    Integer lockoutSeconds = reader.read(LOCKOUT_SECONDS);
    Integer tokenExpiryDays = reader.read(TOKEN_EXPIRY_DAYS);
    Integer signInsPerMinute = reader.read(SIGN_INS_PER_MINUTE);
    String adminUsername = reader.read(ADMIN_USERNAME);
    String adminPassword = reader.read(ADMIN_PASSWORD);
    if (!problems.isEmpty()) {
      return new Binding(Optional.empty(), List.copyOf(problems));
    }
    if (databaseUrl.isEmpty()) {
      // WRITE_DELAY=0: a commit reaches the file at once, so a control plane killed right after
      // answering a request has not lost what it answered.
      databaseUrl =
          "jdbc:h2:file:"
              + dataDir.resolve("db").resolve("bdpaas")
              + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
    }
    BdpaasSettings settings =
        new BdpaasSettings(
            port,
            bindAddress,
            dataDir,
            databaseUrl,
            databaseUser,
            databasePassword,
            backend,
            runtimeDir,
            new BdpaasSettings.LocalCapacity(localMilliCores, localMemoryMb),
            localTenantAccounts,
            reconcileThreads,
            new BdpaasSettings.DefaultQuota(cores, memory, projects),
            new BdpaasSettings.UserLimits(maxApiTokens, maxWaitingClusters),
            retentionDays,
            jobLogDays,
            maxBody,
            maxUpload,
            secureCookies,
            sessionTimeout,
            new BdpaasSettings.HttpLimits(
                maxConnections,
                connectionTimeout,
                keepAliveTimeout,
                bodyReadTimeout,
                maxConcurrentBodies),
            new BdpaasSettings.SignInLimits(maxFailedSignIns, lockoutSeconds, signInsPerMinute),
            adminUsername,
            adminPassword.isEmpty() ? Optional.empty() : Optional.of(adminPassword),
            tokenExpiryDays,
            new BdpaasSettings.Uploads(maxProjectFile, minUploadRate, maxConcurrentUploads),
            new BdpaasSettings.Kubernetes(
                kubeconfig,
                kubernetesNamespace,
                namespacePrefix,
                images,
                storageClass,
                storageSize,
                nodeAccess,
                ingressClass.map(
                    className ->
                        new BdpaasSettings.Kubernetes.Ingress(
                            className, ingressDomain.orElseThrow(), ingressNamespace)),
                filesImage.orElseGet(PlatformVersion::image)));
    return new Binding(Optional.of(settings), List.of());
  }

  /** The outcome of binding: the settings, or every problem found. */
  public record Binding(Optional<BdpaasSettings> settings, List<String> problems) {
    public BdpaasSettings orThrow() {
      return settings.orElseThrow(() -> new InvalidSettingsException(problems));
    }
  }

  private static final class Reader {
    private final Map<String, String> values;
    private final List<String> problems;

    Reader(Map<String, String> values, List<String> problems) {
      this.values = values;
      this.problems = problems;
    }

    <T> T read(Setting<T> setting) {
      String text = values.get(setting.key());
      if (text == null) {
        text = setting.defaultValue().orElse("");
      }
      try {
        return setting.parse(text);
      } catch (IllegalArgumentException e) {
        String shown = setting.secret() ? "(hidden)" : "'" + text + "'";
        problems.add(
            setting.key()
                + " (env "
                + setting.environmentVariable()
                + "): "
                + e.getMessage()
                + ", got "
                + shown);
        return null;
      }
    }
  }

  private static <T> Setting<T> setting(
      String key,
      String type,
      String defaultValue,
      String description,
      Function<String, T> parser) {
    return new Setting<>(key, type, Optional.of(defaultValue), description, false, parser);
  }

  private static String suggestion(String key) {
    return ALL.stream()
        .map(Setting::key)
        .filter(known -> distance(known, key) <= 3)
        .findFirst()
        .map(known -> " (did you mean " + known + "?)")
        .orElse("");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  static int intInRange(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  static double decimalInRange(String text, double min, double max) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number or auto");
    }
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  static int physicalMemoryMb() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return (int) Math.min(Integer.MAX_VALUE, os.getTotalMemorySize() / (1024 * 1024));
    }
    return 4096;
  }

  static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  static String nonBlank(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return text;
  }

  static Optional<Path> existingFile(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(text).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("must be empty or an existing file: " + path);
    }
    return Optional.of(path);
  }

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUANTITY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?");
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

  static String dnsLabel(String text) {
    if (text.length() > 63 || !DNS_LABEL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 63 lower-case letters, digits or '-', starting and ending with a letter"
              + " or digit");
    }
    return text;
  }

  static String dnsSubdomain(String text) {
    if (text.length() > 253 || !DNS_SUBDOMAIN.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be lower-case letters, digits, '-' and '.', as Kubernetes names objects");
    }
    return text;
  }

  static String quantity(String text) {
    if (!QUANTITY.matcher(text).matches()) {
      throw new IllegalArgumentException("must be a Kubernetes quantity such as 10Gi or 500Mi");
    }
    return text;
  }

  static Map<String, String> imageReplacements(String text) {
    Map<String, String> replacements = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return replacements;
    }
    for (String pair : text.split(",")) {
      String[] parts = pair.trim().split("=", -1);
      if (parts.length != 2
          || !IMAGE.matcher(parts[0].trim()).matches()
          || !IMAGE.matcher(parts[1].trim()).matches()) {
        throw new IllegalArgumentException(
            "must be image=image pairs separated by commas; '" + pair.trim() + "' is not one");
      }
      replacements.put(parts[0].trim(), parts[1].trim());
    }
    return Map.copyOf(replacements);
  }

  static String imageName(String text) {
    if (!IMAGE.matcher(text).matches()) {
      throw new IllegalArgumentException("must be a container image such as registry/name:tag");
    }
    return text;
  }

  static String jdbcUrl(String text) {
    if (!text.isEmpty() && !text.startsWith("jdbc:h2:") && !text.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("must be empty, a jdbc:h2: or a jdbc:postgresql: URL");
    }
    return text;
  }

  static String username(String text) {
    if (!text.matches(AccountRules.PATTERN)) {
      throw new IllegalArgumentException(AccountRules.RULE);
    }
    return text;
  }

  static String initialPassword(String text) {
    if (!text.isEmpty() && text.length() < AccountRules.MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "must be empty or at least " + AccountRules.MIN_PASSWORD_LENGTH + " characters");
    }
    return text;
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().replace('_', '-').equalsIgnoreCase(text)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().replace('_', '-').toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
