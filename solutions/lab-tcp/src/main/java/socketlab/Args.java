package socketlab;

import java.util.List;

/**
 * A lab program's command-line arguments, read the same way by every program of the kit. The usage
 * names the arguments in order; those in [brackets] may be left out. Each call takes the next argument,
 * or the default when it was left out:
 * <pre>
 *   Args arguments = Args.of(UDPClient.class, "[host [port]]", args);
 *   String serverName = arguments.text("127.0.0.1");
 *   int serverPort = arguments.serverPort(UDPServer.DEFAULT_PORT);
 * </pre>
 * A bad argument ends the program at once, before anything else runs, with one line that says which
 * argument and what it should be, the usage, and exit status 2:
 * <pre>
 *   UDPClient: the port must be a number from 1 to 65535, not 'abc'
 *   usage: java socketlab.udp.UDPClient [host [port]]
 * </pre>
 * {@link #fail(String)} ends it with one line and exit status 1, for what goes wrong later (no server,
 * a file that cannot be read). A bug in the program itself is not caught here: its stack trace says where.
 *
 * <p>(The kit generates this file, the same in every lab.)
 */
public final class Args {

    private final String program;
    private final String usage;
    private final String[] values;
    private int next;

    private Args(Class<?> program, String usage, String[] values) {
        this.program = program.getSimpleName();
        this.usage = "java " + program.getName() + (usage.isEmpty() ? "" : " " + usage);
        this.values = values;
    }

    /** The arguments of {@code program}, checked against its usage: too few or too many end the program. */
    public static Args of(Class<?> program, String usage, String[] args) {
        Args arguments = new Args(program, usage, args);
        List<String> names = words(usage);
        int least = words(usage.split("\\[", 2)[0]).size(); // the names before the first [ are required
        if (args.length < least) {
            arguments.reject("missing " + names.get(args.length));
        }
        if (args.length > names.size()) {
            arguments.reject("too many arguments (" + args.length + "; at most " + names.size() + ")");
        }
        return arguments;
    }

    /** The next argument as it was typed, or {@code absent} if it was left out. */
    public String text(String absent) {
        return next < values.length ? values[next++] : absent;
    }

    /** The next argument: a port to listen on, 0 to 65535 (0: any free port). */
    public int port(int absent) {
        return number("the port", 0, 65535, absent);
    }

    /** The next argument: the port of a server to talk to, 1 to 65535. */
    public int serverPort(int absent) {
        return number("the port", 1, 65535, absent);
    }

    /** The next argument: a whole number from {@code lowest} to {@code highest}; {@code name} is for the error line. */
    public int number(String name, int lowest, int highest, int absent) {
        String typed = text(null);
        if (typed == null) {
            return absent;
        }
        if (typed.matches("[0-9]{1,9}")) {
            int number = Integer.parseInt(typed);
            if (number >= lowest && number <= highest) {
                return number;
            }
        }
        reject(name + " must be a number from " + lowest + " to " + highest + ", not '" + typed + "'");
        return absent; // not reached: reject() ends the program
    }

    /** Ends the program: one line saying what went wrong, exit status 1. */
    public void fail(String what) {
        System.err.println(program + ": " + what);
        System.exit(1);
    }

    private static List<String> words(String usage) {
        String names = usage.replace("[", " ").replace("]", " ").trim();
        return names.isEmpty() ? List.of() : List.of(names.split("\\s+"));
    }

    private void reject(String problem) {
        System.err.println(program + ": " + problem);
        System.err.println("usage: " + usage);
        System.exit(2);
    }
}
