package dev.borgform;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The layering of DEVELOPERS.md, enforced. Which borgform package may use which is read from the
 * package table in DEVELOPERS.md itself ("may use" column), so the document and the rule cannot
 * drift: each package may depend on itself and the packages its row names, nothing else of borgform
 * (a whitelist: a new dependency fails until the table says so). The packages form no cycle. The
 * rules on libraries and the JDK (JSON, YAML, HTTP, files) follow.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.borgform";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  /** One rule per row of the package table: the package uses only what its row allows. */
  @TestFactory
  Stream<org.junit.jupiter.api.DynamicTest> eachPackageUsesOnlyWhatTheTableAllows()
      throws IOException {
    Map<String, Set<String>> table = packageTable();
    return table.entrySet().stream()
        .map(
            row ->
                org.junit.jupiter.api.DynamicTest.dynamicTest(
                    label(row.getKey()) + " may use " + describe(row.getValue()),
                    () -> allowedOnly(row.getKey(), row.getValue(), table.keySet())));
  }

  /** Every package of the code has a row, and every row a package: the table is the whole map. */
  @Test
  void theTableNamesEveryPackage() throws IOException {
    Set<String> actual = new TreeSet<>();
    for (JavaClass c : classes) {
      String pkg = c.getPackageName();
      if (pkg.equals(ROOT)) actual.add(ROOT);
      else if (pkg.startsWith(ROOT + "."))
        actual.add(pkg.substring(ROOT.length() + 1).split("\\.")[0]);
    }
    assertThat(new TreeSet<>(packageTable().keySet())).isEqualTo(actual);
  }

  /** Each package says what lives there, in its package-info.java. */
  @Test
  void everyPackageSaysWhatLivesThere() throws IOException {
    for (String pkg : packageTable().keySet()) {
      Path dir =
          Path.of("src/main/java/dev/borgform", pkg.equals(ROOT) ? "" : pkg)
              .resolve("package-info.java");
      assertThat(dir).as("%s has a package-info.java", label(pkg)).exists();
      assertThat(Files.readString(dir)).as("%s's package-info.java", dir).contains("/**");
    }
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("dev.borgform.(*)..").should().beFreeOfCycles().check(classes);
  }

  private static void allowedOnly(String pkg, Set<String> allowed, Set<String> all) {
    if (allowed.containsAll(all)) return; // "everything"
    List<String> ok = new ArrayList<>();
    ok.add(packagePattern(pkg));
    for (String a : allowed) ok.add(packagePattern(a));
    classes()
        .that(inPackage(pkg))
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(ok.toArray(String[]::new))))
        .because(
            "DEVELOPERS.md's package table lets "
                + label(pkg)
                + " use "
                + describe(allowed)
                + "; add the package to its row (and say why) or move the code")
        .check(classes);
  }

  private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> inPackage(String pkg) {
    return pkg.equals(ROOT) ? resideInAPackage(ROOT) : resideInAPackage(packagePattern(pkg));
  }

  private static String packagePattern(String pkg) {
    return pkg.equals(ROOT) ? ROOT : ROOT + "." + pkg + "..";
  }

  private static String label(String pkg) {
    return pkg.equals(ROOT) ? "the root package (Main)" : pkg;
  }

  private static String describe(Set<String> allowed) {
    return allowed.isEmpty() ? "nothing else of borgform" : String.join(", ", allowed);
  }

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /**
   * The package table of DEVELOPERS.md: package to the packages it may use. The first cell names
   * the package ({@code `Main`} stands for the root package); the last lists the packages in
   * backticks, or says "everything" or "nothing".
   */
  static Map<String, Set<String>> packageTable() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("DEVELOPERS.md"));
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("| package (`dev.borgform.`)")) header = i;
    }
    assertThat(header).as("DEVELOPERS.md has the package table").isNotNegative();
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      Matcher name = CODE.matcher(cells[1]);
      assertThat(name.find()).as("a package name in %s", lines.get(i)).isTrue();
      String pkg = Character.isUpperCase(name.group(1).charAt(0)) ? ROOT : name.group(1);
      String mayUse = cells[cells.length - 1].strip();
      List<String> uses = new ArrayList<>();
      if (mayUse.equals("everything")) {
        uses.add("*");
      } else if (!mayUse.startsWith("nothing")) {
        Matcher m = CODE.matcher(mayUse);
        while (m.find()) uses.add(m.group(1));
        assertThat(uses).as("the packages %s may use", pkg).isNotEmpty();
      }
      raw.put(pkg, uses);
    }
    Map<String, Set<String>> table = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : raw.entrySet()) {
      Set<String> uses = new TreeSet<>();
      for (String u : e.getValue()) {
        if (u.equals("*")) {
          uses.addAll(raw.keySet());
          uses.remove(e.getKey());
          continue;
        }
        String target = Character.isUpperCase(u.charAt(0)) ? ROOT : u;
        assertThat(raw).as("%s may use %s, which has no row", e.getKey(), u).containsKey(target);
        uses.add(target);
      }
      table.put(e.getKey(), uses);
    }
    return table;
  }

  /**
   * No static mutable state (DEVELOPERS.md, Style): no static field may be reassigned, and no
   * static field may start as a mutable collection, map, atomic or random source, except the one
   * documented exception, {@code StateLock.HELD_IN_THIS_JVM} (the OS lock it mirrors is
   * process-wide). Reading the initialisers from the sources catches what bytecode types cannot
   * tell apart ({@code List.of} and {@code new ArrayList} are both a {@code List}).
   */
  @Test
  void noStaticMutableState() throws IOException {
    List<String> found = new ArrayList<>();
    for (JavaClass c : classes) {
      for (var f : c.getFields()) {
        var mods = f.getModifiers();
        if (mods.contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)
            && !mods.contains(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
            && !mods.contains(com.tngtech.archunit.core.domain.JavaModifier.SYNTHETIC)) {
          found.add(f.getFullName() + " is static and not final");
        }
      }
    }
    Pattern mutable =
        Pattern.compile(
            "static\\s+final\\s+[^=;]*?\\s(\\w+)\\s*=\\s*(new\\s+(HashMap|LinkedHashMap|TreeMap"
                + "|ConcurrentHashMap|HashSet|LinkedHashSet|TreeSet|ArrayList|LinkedList|ArrayDeque"
                + "|Atomic\\w+|Random|SecureRandom|StringBuilder)\\b|ConcurrentHashMap\\.newKeySet"
                + "|Collections\\.synchronized)");
    boolean exceptionSeen = false;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        Matcher m = mutable.matcher(Files.readString(file));
        while (m.find()) {
          String field = file.getFileName().toString().replace(".java", "") + "." + m.group(1);
          if (field.equals("StateLock.HELD_IN_THIS_JVM")) exceptionSeen = true;
          else found.add(field + " starts as a mutable " + m.group(2));
        }
      }
    }
    assertThat(found).isEmpty();
    // The pattern finds the one exception, so it would find another like it.
    assertThat(exceptionSeen).isTrue();
  }

  /**
   * The main code joins strings with {@code StringBuilder} ({@code -XDstringConcat=inline} in the
   * pom), not through {@code invokedynamic}: each such call site is linked on first use, which cost
   * the startup of every command tens of milliseconds (docs/performance.md). The tests are compiled
   * without the option, so this class itself is the check that the search would find one.
   */
  @Test
  void mainCodeJoinsStringsWithoutInvokedynamic() throws IOException {
    byte[] factory = "java/lang/invoke/StringConcatFactory".getBytes(StandardCharsets.UTF_8);
    List<String> found = new ArrayList<>();
    int read = 0;
    try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
      for (Path file : files.filter(x -> x.toString().endsWith(".class")).toList()) {
        read++;
        if (contains(Files.readAllBytes(file), factory)) found.add(file.toString());
      }
    }
    assertThat(read).isGreaterThan(100);
    assertThat(found).isEmpty();
    Path self = Path.of("target/test-classes/dev/borgform/ArchitectureTest.class");
    assertThat(contains(Files.readAllBytes(self), factory)).isTrue();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  /** The plan is data: no JSON, YAML, streams or files. */
  @Test
  void planIsData() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.plan..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml..", "org.yaml..", "java.io..", "java.nio.file..")
        .check(classes);
  }

  /** The plan document is a format of the plan: it knows plans and the model, nothing of I/O. */
  @Test
  void planFileCodecDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.planfile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "org.yaml..", "java.nio.file..")
        .check(classes);
  }

  /**
   * Jackson is for the wire (api, emulator), the plan document and the doctor's report document;
   * the domain stays free of it.
   */
  @Test
  void jsonStaysInTheApiTheEmulatorAndThePlanDocument() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.borgform.api..",
            "dev.borgform.emulator..",
            "dev.borgform.planfile..",
            "dev.borgform.doctor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml..")
        .check(classes);
  }

  @Test
  void plannerIsPure() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.planner..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.io..",
            "java.net..",
            "java.nio.file..",
            "okhttp3..",
            "com.fasterxml..",
            "org.yaml..")
        .check(classes);
  }

  @Test
  void executorKnowsOnlyThePlanAndItsPort() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.apply..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "com.fasterxml..")
        .check(classes);
  }

  /**
   * Re-planning after an unknown outcome needs the planner and the executor together; only this
   * package joins them, through the ports, never the wire format, files or the terminal.
   */
  @Test
  void reconcileJoinsPlannerAndExecutorThroughThePorts() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.reconcile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "okhttp3..", "com.fasterxml..", "org.yaml..", "java.io..", "java.nio.file..")
        .check(classes);
  }

  @Test
  void renderingReadsPlansNotTheWorld() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.render..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..")
        .check(classes);
  }

  @Test
  void theWireFormatStaysInTheApiClient() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.borgform.api..", "dev.borgform.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "graphql..")
        .check(classes);
  }

  @Test
  void yamlStaysInTheSpecPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.borgform.spec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.yaml..")
        .check(classes);
  }
}
