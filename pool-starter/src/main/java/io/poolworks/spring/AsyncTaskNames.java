package io.poolworks.spring;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Names the tasks of {@code @Async} methods {@code bean#method} and records what they
 * throw, for the pools that run them through {@link SpringWorkerPool}: in the shutdown
 * report, the {@link UnfinishedTaskHandler}, the expired-task handler and the pool's
 * counts, where Spring would show an anonymous {@code Callable} and count a failed
 * {@code void} method as completed.
 * <p>
 * It wraps the {@code @Async} advice of every proxied bean: the wrapper passes the name
 * to the pool on the calling thread, and records what the method throws on the worker
 * thread; Spring's interceptor still chooses the executor and hands the failure of a
 * {@code void} method to the {@code AsyncUncaughtExceptionHandler}. Methods that run on
 * another executor are unaffected. A frozen proxy is left alone. The auto-configuration
 * registers it; it runs after Spring's {@code AsyncAnnotationBeanPostProcessor}, which is
 * ordered.
 */
public final class AsyncTaskNames implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof Advised advised && !advised.isFrozen()) {
            for (Advisor advisor : advised.getAdvisors()) {
                if (advisor instanceof PointcutAdvisor pointcutAdvisor
                        && advisor.getAdvice() instanceof AsyncExecutionInterceptor async) {
                    advised.replaceAdvisor(advisor, new NamingAdvisor(pointcutAdvisor, async, beanName));
                }
            }
        }
        return bean;
    }

    /**
     * The {@code @Async} advisor with its advice wrapped.
     */
    private static final class NamingAdvisor implements PointcutAdvisor {

        private final Pointcut pointcut;

        private final Advice advice;

        NamingAdvisor(PointcutAdvisor async, MethodInterceptor interceptor, String beanName) {
            this.pointcut = async.getPointcut();
            this.advice = new NamingInterceptor(interceptor, beanName);
        }

        @Override
        public Pointcut getPointcut() {
            return this.pointcut;
        }

        @Override
        public Advice getAdvice() {
            return this.advice;
        }

    }

    private record NamingInterceptor(MethodInterceptor async, String beanName) implements MethodInterceptor {

        @Override
        public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
            AsyncInvocation call = new AsyncInvocation(this.beanName + "#" + invocation.getMethod().getName());
            AsyncInvocation previous = call.enter();
            try {
                return this.async.invoke(new Recording(invocation, call));
            }
            finally {
                AsyncInvocation.restore(previous);
            }
        }

    }

    /**
     * The invocation Spring's interceptor proceeds with on the worker thread: records
     * what the method throws before Spring hides it.
     */
    private record Recording(MethodInvocation invocation, AsyncInvocation call) implements MethodInvocation {

        @Override
        public Method getMethod() {
            return this.invocation.getMethod();
        }

        @Override
        public Object[] getArguments() {
            return this.invocation.getArguments();
        }

        @Override
        public @Nullable Object proceed() throws Throwable {
            try {
                return this.invocation.proceed();
            }
            catch (Throwable ex) {
                this.call.failed(ex);
                throw ex;
            }
        }

        @Override
        public @Nullable Object getThis() {
            return this.invocation.getThis();
        }

        @Override
        public AccessibleObject getStaticPart() {
            return this.invocation.getStaticPart();
        }

    }

}
