import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites, in place, the class files of a jar that predate Java 6 (class file version below 50) as Java 8 class
 * files (52) with the stack maps the JVM's verifier has checked since then; every other entry is copied unchanged.
 *
 * <p>Why: picocli is compiled for Java 5. The JDK's AOT cache (JEP 483) cannot link classes that need the old
 * verifier, so the 170-odd picocli classes that every {@code wst} start uses were loaded and verified from the image
 * at each start, outside the cache: about a quarter of {@code wst --version}. Rewritten, they are linked in the cache
 * like every other class. The code is picocli's own, instruction for instruction: only the version number changes
 * and the stack maps are added (the JDK's class-file API computes them, {@code GENERATE_STACK_MAPS}); a class whose
 * stack maps were wrong would fail verification when the image's AOT training loads it, which fails the build.
 *
 * <p>Run by the build (toolkit-shell, phase package, {@code modern-class-files.sh}) with the JDK that builds the
 * image, on its copy of the jar in {@code target/modules}, never on the one in the Maven repository. Needs the
 * class-file API (JDK 24 and later); the script skips it on a JDK that makes no AOT cache.
 *
 * <p>{@code java ModernClassFiles.java JAR}
 */
public final class ModernClassFiles {

    private static final int JAVA_8 = ClassFile.JAVA_8_VERSION;

    private ModernClassFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java ModernClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                entries.put(e.getName(), e);
                contents.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        // stack maps name the common supertype where branches meet: the jar's own classes are read from the jar,
        // the JDK's from the running JDK
        ClassHierarchyResolver inJar = ClassHierarchyResolver.ofResourceParsing(desc -> {
            byte[] b = contents.get(desc.descriptorString().substring(1, desc.descriptorString().length() - 1)
                    + ".class");
            return b == null ? null : new ByteArrayInputStream(b);
        });
        ClassFile classFile = ClassFile.of(
                ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(inJar.orElse(ClassHierarchyResolver.defaultResolver())));
        ClassTransform toJava8 = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(JAVA_8, 0);
            } else {
                builder.with(element);
            }
        };
        // every method body is built again (not copied), so that its stack map is generated
        ClassTransform rewrite = toJava8.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
        int rewritten = 0;
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            if (!e.getKey().endsWith(".class")) {
                continue;
            }
            ClassModel model = classFile.parse(e.getValue());
            if (model.majorVersion() >= ClassFile.JAVA_6_VERSION) {
                continue;
            }
            e.setValue(classFile.transformClass(model, rewrite));
            rewritten++;
        }
        if (rewritten == 0) {
            System.out.println("ModernClassFiles: " + jar.getFileName() + " has no class file older than Java 6");
            return;
        }
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                ZipEntry copy = new ZipEntry(e.getKey());
                copy.setTime(entries.get(e.getKey()).getTime());
                zip.putNextEntry(copy);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ModernClassFiles: " + rewritten + " class files of " + jar.getFileName()
                + " rewritten as Java 8 class files with stack maps");
    }
}
