import org.openjdk.jol.info.ClassLayout;

/** Shallow sizes of the heap objects that stand for one native resource (JOL). */
public class JolSizes {
    public static void main(String[] a) throws Exception {
        for (String c : new String[] {"java.util.zip.Deflater", "java.util.zip.Deflater$DeflaterZStreamRef",
                "java.util.zip.Inflater", "java.util.zip.Inflater$InflaterZStreamRef",
                "jdk.internal.ref.CleanerImpl$PhantomCleanableRef", "java.nio.DirectByteBuffer", "jdk.internal.ref.Cleaner",
                "java.nio.DirectByteBuffer$Deallocator", "java.lang.Thread", "java.lang.Thread$FieldHolder",
                "java.lang.ClassLoader", "java.lang.Class"}) {
            try {
                System.out.printf("%-50s %4d B%n", c, ClassLayout.parseClass(Class.forName(c)).instanceSize());
            } catch (Throwable t) { System.out.printf("%-50s %s%n", c, t); }
        }
    }
}
