package io.weft.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Owned by its accept thread: accepts TCP connections and starts one virtual thread per connection,
 * which runs the given handler with plain blocking I/O. {@link #close} may be called from any thread.
 */
public final class Listener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Listener.class.getName());
    private static final int BACKLOG = 4096;
    /** One name for every reader thread: a per-connection name would cost a string per idle connection. */
    private static final ThreadFactory READERS = Thread.ofVirtual().name("weft-reader").factory();

    private final ServerSocket serverSocket;
    private final Thread acceptThread;
    private volatile boolean closing;

    private Listener(ServerSocket serverSocket, Consumer<Socket> connectionHandler) {
        this.serverSocket = serverSocket;
        this.acceptThread = Thread.ofPlatform().name("weft-accept-" + serverSocket.getLocalPort()).daemon(true)
                .unstarted(() -> accept(connectionHandler));
    }

    /** Binds {@code bindAddress:port} (port 0 picks a free port) and starts accepting. */
    public static Listener open(String bindAddress, int port, Consumer<Socket> connectionHandler) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), BACKLOG);
        } catch (IOException failure) {
            serverSocket.close();
            throw new IOException("cannot listen on " + bindAddress + ":" + port + ": " + failure.getMessage(), failure);
        }
        Listener listener = new Listener(serverSocket, connectionHandler);
        listener.acceptThread.start();
        return listener;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    private void accept(Consumer<Socket> connectionHandler) {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException closed) {
                if (!closing) {
                    LOG.log(System.Logger.Level.ERROR, "listener failed: " + closed.getMessage(), closed);
                }
                return;
            } catch (IOException failure) {
                // E.g. EMFILE: keep serving the connections we have, try again.
                LOG.log(System.Logger.Level.WARNING, "accept failed: {0}", failure.getMessage());
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                READERS.newThread(() -> connectionHandler.accept(socket)).start();
            } catch (IOException | RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "could not start a connection: {0}", failure.getMessage());
                closeQuietly(socket);
            }
        }
    }

    /** Stops accepting; connections already accepted are not touched. */
    @Override
    public void close() {
        closing = true;
        closeQuietly(serverSocket);
        try {
            acceptThread.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception failure) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", failure.getMessage());
        }
    }
}
