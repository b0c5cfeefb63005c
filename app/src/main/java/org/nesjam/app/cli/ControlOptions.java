package org.nesjam.app.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.nesjam.app.UserError;
import org.nesjam.app.live.ControlPage;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --control PORT} and {@code --control-host ADDR} of the live commands: where the control page
 * ({@link ControlPage}) listens. The port is checked while parsing (0..65535), the address and whether the port is
 * free by {@link #access()} before anything starts: each problem one line, exit 2.
 */
public final class ControlOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Integer port;

    @Option(names = "--control", paramLabel = "PORT", description = "serve the control page on this port (0: any"
            + " free one)")
    void port(String value) {
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw Checks.error(spec, "--control wants a port 0..65535 (0: any free one), not '" + value + "'");
        }
        port = p;
    }

    @Option(names = "--control-host", paramLabel = "ADDR", description = "serve the page on this address of the"
            + " machine (a tablet on the LAN; 0.0.0.0: all) with a token")
    String host;

    /** Whether the page was asked for. */
    public boolean asked() {
        return port != null;
    }

    /**
     * Where the page listens, or null when not asked for; the address must be this machine's and the port free now.
     * Problems are {@link UserError}s.
     */
    public ControlPage.Access access() {
        if (port == null) {
            if (host != null) {
                throw new UserError("--control-host needs --control PORT");
            }
            return null;
        }
        ControlPage.Access access = host == null ? ControlPage.Access.loopback(port) : lan();
        if (access.port() != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(access.address(), access.port()));
            } catch (IOException e) {
                throw new UserError("--control " + access.port() + ": cannot listen there (" + e.getMessage() + ")");
            }
        }
        return access;
    }

    private ControlPage.Access lan() {
        String h = host.trim();
        try {
            InetAddress address = InetAddress.getByName(h);
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new UserError("--control-host " + h + " is not an address of this machine");
            }
            return ControlPage.Access.lan(address, port);
        } catch (UnknownHostException | SocketException e) {
            throw new UserError("--control-host wants an address of this machine (0.0.0.0: all), not '" + h + "'");
        }
    }
}
