package dev.sift.service;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The set-up every service IT shares: the whole service on a random port over a fresh data
 * directory per test class, and an admin client for each test. An IT adds its own settings with
 * {@code @TestPropertySource} and its own {@code @DynamicPropertySource} methods (Spring reads both
 * from the whole class hierarchy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // close the index before the temporary directory is deleted
abstract class RunningService {

  /** Set by JUnit before each test class, before Spring reads it, and deleted after the class. */
  @TempDir static Path dataDir;

  @LocalServerPort int port;

  /** Sends the tests' admin key. */
  Http http;

  // Named apart from the subclasses' methods so that none overrides it (an overridden @BeforeEach
  // does not run).
  @DynamicPropertySource
  static void runningServiceDataDir(DynamicPropertyRegistry registry) {
    registry.add("sift.data-dir", () -> dataDir.toString());
  }

  @BeforeEach
  void runningServiceClient() {
    http = new Http(port);
  }
}
