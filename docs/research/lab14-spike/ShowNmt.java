public class ShowNmt { public static void main(String[] a) { System.out.println(Probe.nmt("summary", "scale=KB")); } }
