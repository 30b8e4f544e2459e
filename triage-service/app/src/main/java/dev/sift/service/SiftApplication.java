package dev.sift.service;

import dev.sift.service.admin.ImportCommand;
import dev.sift.service.admin.ReembedCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the Sift HTTP service, or, with {@code import} or {@code reembed} as first argument, runs
 * that command without starting the web server (see {@link ImportCommand}, {@link ReembedCommand}).
 */
@SpringBootApplication
public class SiftApplication {

  public static void main(String[] args) {
    if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
      System.exit(
          ImportCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    if (args.length > 0 && ReembedCommand.NAME.equals(args[0])) {
      System.exit(
          ReembedCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    SpringApplication.run(SiftApplication.class, args);
  }
}
