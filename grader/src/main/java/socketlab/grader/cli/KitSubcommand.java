package socketlab.grader.cli;

/**
 * A subcommand that a module built after the grader adds to the kit's command line: the grader cannot name its
 * class without depending on that module. The class implements this, has a public no-argument constructor and
 * picocli's {@code @Command}, and is listed in its module's
 * {@code META-INF/services/socketlab.grader.cli.KitSubcommand}; {@link SocketLab} adds each one on the classpath
 * (grader/experiments adds {@code experiment}).
 */
public interface KitSubcommand {}
