package io.bdpaas.backend;

/** The two log files of a node process: its standard output and standard error. */
public enum LogStream {
  STDOUT("stdout.log"),
  STDERR("stderr.log");

  private final String fileName;

  LogStream(String fileName) {
    this.fileName = fileName;
  }

  /** The file name inside the node's directory. */
  public String fileName() {
    return fileName;
  }
}
