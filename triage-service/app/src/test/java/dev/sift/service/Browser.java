package dev.sift.service;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver, both found on the PATH (Debian's {@code chromium}
 * and {@code chromium-driver}, installed by scripts/install-chromium.sh). Nothing is downloaded:
 * the driver and browser are given explicitly, so Selenium Manager is never asked.
 */
final class Browser implements AutoCloseable {

  /** The width the console is laid out for; tables must fit it. */
  static final int WIDTH = 1280;

  private static final int HEIGHT = 900;
  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * Where screenshots go when set: a directory, relative paths resolved against the repository
   * root.
   */
  static final String SCREENSHOTS = "SIFT_CONSOLE_SCREENSHOTS";

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, WAIT);
  }

  /** The browser and its driver, when both are installed. */
  static Optional<Path[]> installation() {
    Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
    Optional<Path> driver = onPath("chromedriver");
    return browser.isPresent() && driver.isPresent()
        ? Optional.of(new Path[] {browser.get(), driver.get()})
        : Optional.empty();
  }

  static Browser start(Path[] installation) {
    try {
      Path profile = Files.createTempDirectory("sift-chromium-");
      ChromeOptions options =
          new ChromeOptions()
              .setBinary(installation[0].toFile())
              .addArguments(
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--disable-dev-shm-usage",
                  "--user-data-dir=" + profile,
                  "--window-size=" + WIDTH + "," + HEIGHT);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(installation[1].toFile())
              .usingAnyFreePort()
              .build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WebElement await(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Clicks what {@code by} finds, finding it again if the page redrew it in between. */
  void click(By by) {
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(by).click();
              return true;
            });
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Saves the whole page as {@code <dir>/<name>.png} when {@value #SCREENSHOTS} (environment or
   * system property) names a directory, so that ordinary runs never rewrite the committed pictures.
   */
  void screenshot(String name) {
    String dir = System.getProperty(SCREENSHOTS, System.getenv(SCREENSHOTS));
    if (dir == null || dir.isBlank()) {
      return;
    }
    Dimension before = driver.manage().window().getSize();
    long height = (Long) js("return document.documentElement.scrollHeight");
    // The window is grown to the page so that the picture holds all of it; its chrome adds to the
    // inner height.
    driver
        .manage()
        .window()
        .setSize(
            new Dimension(
                WIDTH,
                (int) height
                    + before.getHeight()
                    - ((Long) js("return window.innerHeight")).intValue()));
    try {
      Path target = repositoryRoot().resolve(dir).resolve(name + ".png");
      Files.createDirectories(target.getParent());
      Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  /**
   * Failsafe runs in the module's directory; the repository root is the first parent with the Maven
   * wrapper.
   */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw"))) {
        return p;
      }
    }
    return dir;
  }

  private static Optional<Path> onPath(String... names) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .flatMap(dir -> Arrays.stream(names).map(n -> Path.of(dir, n)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
