package io.bdpaas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the BDPaaS control plane. */
@SpringBootApplication
public class BdpaasApplication {
  public static void main(String[] args) {
    SpringApplication.run(BdpaasApplication.class, args);
  }
}
