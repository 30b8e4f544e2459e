package dev.sift.service;

import dev.sift.service.admin.ImportCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the Sift HTTP service, or, with {@code import} as first argument, runs a command-line history import
 * without starting the web server (see {@link ImportCommand}).
 */
@SpringBootApplication
public class SiftApplication {

  public static void main(String[] args) {
    if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
      System.exit(ImportCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    SpringApplication.run(SiftApplication.class, args);
  }
}
