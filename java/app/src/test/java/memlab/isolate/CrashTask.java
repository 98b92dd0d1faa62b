package memlab.isolate;

import java.lang.foreign.FunctionDescriptor;

import memlab.lab.ChildTask;
import memlab.lab.Row;
import memlab.lab.VariantArgs;
import memlab.nativelib.Ffm;

/** Dies by a native null write (memlab_crash_null_write): the parent must report it and go on. */
public class CrashTask implements ChildTask {
    @Override
    public Row run(VariantArgs args) {
        try {
            Ffm.bind("memlab_crash_null_write", FunctionDescriptor.ofVoid()).invokeExact();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
        return new Row(args.variant());
    }
}
