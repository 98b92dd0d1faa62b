package memlab.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import memlab.leakcheck.LeakCheck;

/**
 * Runs a {@link NoLeak} test method as the body of a {@link LeakCheck}: a plain {@code @Test}, and
 * each invocation of a {@code @ParameterizedTest} or {@code @RepeatedTest} (a check per invocation,
 * with its arguments). {@code @NoLeak} may also sit on an annotation of your own.
 */
public final class LeakCheckExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        check(invocation, invocationContext, extensionContext, false);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        check(invocation, invocationContext, extensionContext, true);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        if (AnnotationSupport.isAnnotated(invocationContext.getExecutable(), NoLeak.class)) {
            // a factory's dynamic tests run after it returns: a check of the factory would see none of them
            throw new ExtensionConfigurationException("@NoLeak cannot check a @TestFactory (" + extensionContext.getDisplayName()
                    + "): call LeakCheck.assertNoLeak(...) inside each dynamic test instead");
        }
        return invocation.proceed();
    }

    private static void check(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                              ExtensionContext extensionContext, boolean template) throws Throwable {
        Method method = invocationContext.getExecutable();
        Optional<NoLeak> found = AnnotationSupport.findAnnotation(method, NoLeak.class);
        if (found.isEmpty()) {
            invocation.proceed();
            return;
        }
        NoLeak settings = found.get();
        method.setAccessible(true);
        Object target = invocationContext.getTarget().orElse(null);
        Object[] arguments = invocationContext.getArguments().toArray();
        // the check runs the method itself, many times; JUnit's own invocation is not needed
        invocation.skip();
        String name = extensionContext.getRequiredTestClass().getName() + "." + method.getName()
                + (template ? " " + extensionContext.getDisplayName() : "");
        LeakCheck check = LeakCheck.iterations(settings.iterations());
        if (settings.attributeNativeLeaks()) {
            check.attributeNativeLeaks();
        }
        for (String stack : settings.allowedNativeStacks()) {
            check.allowNativeStack(stack);
        }
        for (NativeStackBudget budget : settings.nativeStackBudgets()) {
            check.nativeStackBudget(budget.stack(), budget.bytes());
        }
        check.warmUp(settings.warmUp())
                .named(name)
                .heapBytesPerIteration(settings.heapBytesPerIteration())
                .nativeBytesPerIteration(settings.nativeBytesPerIteration())
                .allocatorBytesPerIteration(settings.allocatorBytesPerIteration())
                .bodyNativeBytesPerIteration(settings.bodyNativeBytesPerIteration())
                .unhookedBytesPerIteration(settings.unhookedBytesPerIteration())
                .assertNoLeak(() -> {
                    try {
                        method.invoke(target, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
