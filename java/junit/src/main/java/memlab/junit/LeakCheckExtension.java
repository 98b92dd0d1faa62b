package memlab.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import memlab.leakcheck.LeakCheck;

/** Runs a {@link NoLeak} test method as the body of a {@link LeakCheck}. */
public final class LeakCheckExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        NoLeak settings = invocationContext.getExecutable().getAnnotation(NoLeak.class);
        if (settings == null) {
            invocation.proceed();
            return;
        }
        Method method = invocationContext.getExecutable();
        method.setAccessible(true);
        Object target = invocationContext.getTarget().orElse(null);
        Object[] arguments = invocationContext.getArguments().toArray();
        // the check runs the method itself, many times; JUnit's own invocation is not needed
        invocation.skip();
        LeakCheck check = LeakCheck.iterations(settings.iterations());
        if (settings.attributeNativeLeaks()) {
            check.attributeNativeLeaks();
        }
        check.warmUp(settings.warmUp())
                .named(extensionContext.getRequiredTestClass().getName() + "." + method.getName())
                .heapBytesPerIteration(settings.heapBytesPerIteration())
                .nativeBytesPerIteration(settings.nativeBytesPerIteration())
                .allocatorBytesPerIteration(settings.allocatorBytesPerIteration())
                .assertNoLeak(() -> {
                    try {
                        method.invoke(target, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
