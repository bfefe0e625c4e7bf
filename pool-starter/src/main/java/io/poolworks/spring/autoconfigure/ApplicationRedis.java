package io.poolworks.spring.autoconfigure;

import io.lettuce.core.RedisURI;
import io.poolworks.spring.InvalidPoolPropertyException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConfiguration.WithAuthentication;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * The application's Redis, as Spring Data Redis connects to it: the
 * {@link LettuceConnectionFactory} whose client the shared rate limits and the stream
 * sources open their own connections on, and where it points. Each refusal names the
 * property of the feature that asked for Redis.
 */
final class ApplicationRedis {

    static final String MASTER_REPLICA_NODES = "spring.data.redis.masterreplica.nodes";

    private final ObjectProvider<RedisConnectionFactory> connectionFactory;

    private final Environment environment;

    ApplicationRedis(ObjectProvider<RedisConnectionFactory> connectionFactory, Environment environment) {
        this.connectionFactory = connectionFactory;
        this.environment = environment;
    }

    /**
     * Return the application's connection factory, started.
     * @param use who needs it, to name in a refusal
     * @return the factory
     * @throws InvalidPoolPropertyException if there is none, it is not Lettuce's, or it
     * sets up static master/replica nodes
     */
    LettuceConnectionFactory lettuce(Use use) {
        RedisConnectionFactory factory = this.connectionFactory.getIfAvailable();
        if (factory == null) {
            throw use.refused(use.who() + " and there is no RedisConnectionFactory bean",
                    "Add org.springframework.boot:spring-boot-starter-data-redis and set spring.data.redis.host "
                            + "(or spring.data.redis.url)");
        }
        if (!(factory instanceof LettuceConnectionFactory lettuce)) {
            throw use.refused(
                    use.who() + " through Lettuce and the application's RedisConnectionFactory is a "
                            + factory.getClass().getName(),
                    "Use Lettuce, the client of spring-boot-starter-data-redis (remove Jedis)");
        }
        if (this.environment.containsProperty(MASTER_REPLICA_NODES)) {
            throw use.refused(
                    use.feature() + " needs " + use.servers() + ", and " + MASTER_REPLICA_NODES
                            + " sets up static master/replica nodes",
                    "Point spring.data.redis.host at the master, or use Sentinel");
        }
        if (!lettuce.isRunning()) {
            // spring.data.redis.lettuce... early startup turned off: the feature needs
            // the
            // client now, before the lifecycle would start it.
            lettuce.start();
        }
        return lettuce;
    }

    /**
     * The standalone server of the connection factory, as Spring Data connects to it: the
     * client it makes may have no URI of its own, and the database is the configured one.
     */
    static RedisURI uri(LettuceConnectionFactory factory) {
        RedisSocketConfiguration socket = factory.getSocketConfiguration();
        RedisURI.Builder uri = (socket != null) ? RedisURI.Builder.socket(socket.getSocket())
                : RedisURI.Builder.redis(factory.getHostName(), factory.getPort());
        LettuceClientConfiguration client = factory.getClientConfiguration();
        uri.withDatabase(factory.getDatabase())
            .withSsl(client.isUseSsl())
            .withVerifyPeer(client.getVerifyMode())
            .withStartTls(client.isStartTls())
            .withTimeout(client.getCommandTimeout());
        client.getClientName().ifPresent(uri::withClientName);
        WithAuthentication authentication = (socket != null) ? socket : factory.getStandaloneConfiguration();
        String username = authentication.getUsername();
        char[] password = authentication.getPassword().toOptional().orElse(null);
        if (StringUtils.hasText(username)) {
            uri.withAuthentication(username, (password != null) ? password : new char[0]);
        }
        else if (password != null) {
            uri.withPassword(password);
        }
        client.getRedisCredentialsProviderFactory()
            .ifPresent((credentials) -> uri.withAuthentication(credentials
                .createCredentialsProvider((socket != null) ? socket : factory.getStandaloneConfiguration())));
        return uri.build();
    }

    /** Where the connection factory points, without credentials. */
    static String describe(LettuceConnectionFactory factory) {
        if (factory.isClusterAware()) {
            return "cluster " + factory.getClusterConfiguration().getClusterNodes();
        }
        if (factory.isRedisSentinelAware()) {
            return "Sentinel master '" + factory.getSentinelConfiguration().getMaster().getName() + "'";
        }
        RedisSocketConfiguration socket = factory.getSocketConfiguration();
        return ((socket != null) ? socket.getSocket() : factory.getHostName() + ":" + factory.getPort()) + ", database "
                + factory.getDatabase();
    }

    /**
     * A feature that needs the application's Redis, as a refusal names it.
     *
     * @param property the property that asked for Redis
     * @param value its value, as shown
     * @param who who needs Redis, for example "pool 'mail' shares its rate limit in
     * Redis"
     * @param feature the feature, for example "a rate limit shared in Redis"
     * @param servers the kinds of Redis it works with
     * @param otherwise how to do without Redis, the end of every fix
     */
    record Use(String property, Object value, String who, String feature, String servers, String otherwise) {

        InvalidPoolPropertyException refused(String rule, String fix) {
            return new InvalidPoolPropertyException(this.property, this.value, rule, fix + ", or " + this.otherwise);
        }

    }

}
