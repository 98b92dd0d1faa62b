public class TwinJol { public static void main(String[] a) { System.out.println(org.openjdk.jol.info.ClassLayout.parseClass(HeapTwinSpike.Twin.class).instanceSize()); } }
