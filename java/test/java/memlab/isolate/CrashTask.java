package memlab.isolate;

import java.util.List;

import memlab.lab.Row;
import memlab.lab.Side;
import memlab.nativelib.FfmNative;

/** Dies by a native null write: the parent must report it and go on. */
public class CrashTask implements ChildTask {
    @Override
    public Row run(List<String> args) {
        FfmNative.get().crashNullWrite();
        return new Row(Side.FFM, "unreachable");
    }
}
