/*
 * linnet-log: writes one container task's output into Docker's json-file log, outside the daemon.
 *
 * The daemon starts it before the task is created; it runs in a session of its own, so a daemon
 * killed at any moment loses no line: this process goes on reading the task's stdout/stderr FIFOs
 * (the shim writes them) until both reach end-of-file, then exits. It writes entries as dockerd's
 * json-file driver does (lines split at 16 KiB, though never inside a UTF-8 character, Go's JSON escaping, RFC3339Nano UTC times,
 * max-size/max-file rotation) and relays the raw output to attached clients over a UNIX socket.
 *
 * usage: linnet-log --socket PATH --stdout FIFO [--stderr FIFO] [--log FILE]
 *                   [--max-size BYTES] [--max-file N]
 * Prints "ready\n" on stdout once it listens, then closes stdout.
 *
 * Socket protocol: on connect the client gets one byte 'R' (from then on it sees all output), then
 * frames as Docker's attach stream: stream byte (1 stdout, 2 stderr), three zero bytes, big-endian
 * length, payload. A client that sends 'W' only waits: it gets no frames, and end-of-file once
 * the output has ended and the log is written. A client that does not take a frame within
 * SEND_TIMEOUT_SECONDS is dropped (the container is never held up for longer).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINE (16 * 1024)          /* dockerd's copier buffer: longer lines become partial entries */
#define READ_SIZE (64 * 1024)
#define MAX_CLIENTS 64
#define SEND_TIMEOUT_SECONDS 30
#define OUT_CAPACITY (512 * 1024)

struct stream {
    const char *name;   /* "stdout" / "stderr" */
    int id;             /* 1 / 2 in attach frames */
    int fd;             /* -1 once at end-of-file */
    char line[MAX_LINE];
    size_t filled;
    int partial;        /* the previous entry was a partial piece of this line */
    struct timespec partial_time;
};

struct client {
    int fd;
    int waiting;        /* sent 'W': no frames */
};

static const char *log_path;
static int log_fd = -1;
static long long max_size = -1;
static int max_files = 1;
static long long log_size;

static char out[OUT_CAPACITY];
static size_t out_len;

static struct client clients[MAX_CLIENTS];
static int client_count;
static volatile sig_atomic_t terminated;

/* SIGTERM (an init system stopping the daemon's whole group): what was read goes into the log, the
 * rest stays in the FIFOs, whose write sides the shim keeps open, for the writer the next daemon starts. */
static void on_term(int signal) {
    (void) signal;
    terminated = 1;
}

static void die(const char *what) {
    fprintf(stderr, "linnet-log: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "linnet-log: writing %s: %s\n", log_path, strerror(errno));
            return; /* a full disk: the entry is lost, the next ones are tried again */
        }
        data += n;
        length -= (size_t) n;
    }
}

static void flush_out(void) {
    if (out_len > 0 && log_fd >= 0) {
        write_all(log_fd, out, out_len);
        log_size += (long long) out_len;
    }
    out_len = 0;
}

static int open_log(int flags) {
    int fd = open(log_path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0640);
    if (fd < 0) {
        die(log_path);
    }
    return fd;
}

/* As dockerd's LogFile.rotate: x.log.(n-2) -> x.log.(n-1) ... x.log -> x.log.1, then a new x.log. */
static void rotate(void) {
    char from[4096], to[4096];
    close(log_fd);
    if (max_files >= 2) {
        snprintf(to, sizeof to, "%s.%d", log_path, max_files - 1);
        unlink(to);
        for (int i = max_files - 1; i > 1; i--) {
            snprintf(to, sizeof to, "%s.%d", log_path, i);
            snprintf(from, sizeof from, "%s.%d", log_path, i - 1);
            rename(from, to);
        }
        snprintf(to, sizeof to, "%s.1", log_path);
        rename(log_path, to);
    }
    log_fd = open_log(O_TRUNC);
    log_size = 0;
}

static void put(const char *s, size_t n) {
    memcpy(out + out_len, s, n);
    out_len += n;
}

/* Go's time.RFC3339Nano in UTC: fraction without trailing zeros, none for whole seconds. */
static void put_time(const struct timespec *t) {
    struct tm tm;
    char buf[64];
    gmtime_r(&t->tv_sec, &tm);
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    if (t->tv_nsec != 0) {
        char frac[16];
        snprintf(frac, sizeof frac, "%09ld", t->tv_nsec);
        int end = 9;
        while (frac[end - 1] == '0') {
            end--;
        }
        buf[n++] = '.';
        memcpy(buf + n, frac, (size_t) end);
        n += (size_t) end;
    }
    buf[n++] = 'Z';
    put(buf, n);
}

/* Length of the valid UTF-8 sequence at s (as Go's utf8.DecodeRune accepts it), 0 if invalid. */
static int utf8_length(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[2] & 0xC0) != 0x80) {
            return 0;
        }
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) {
            return 0;
        }
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi ? 4 : 0;
    }
    return 0;
}

/* moby's ffjsonWriteJSONBytesAsString: HTML-safe, \u00XX controls, U+FFFD for invalid UTF-8. */
static void put_escaped(const unsigned char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        if (b < 0x80) {
            if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
                out[out_len++] = (char) b;
            } else if (b == '\\' || b == '"') {
                out[out_len++] = '\\';
                out[out_len++] = (char) b;
            } else if (b == '\n') {
                put("\\n", 2);
            } else if (b == '\r') {
                put("\\r", 2);
            } else {
                put("\\u00", 4);
                out[out_len++] = hex[b >> 4];
                out[out_len++] = hex[b & 0xF];
            }
            i++;
            continue;
        }
        int length = utf8_length(s + i, n - i);
        if (length == 0) {
            put("\\ufffd", 6);
            i++;
        } else if (length == 3 && b == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            put("\\u202", 5);
            out[out_len++] = hex[s[i + 2] & 0xF];
            i += 3;
        } else {
            put((const char *) s + i, (size_t) length);
            i += (size_t) length;
        }
    }
}

/* One json-file entry; a final piece (or a whole line) gets its newline back. */
static void entry(struct stream *st, const char *data, size_t length, int last) {
    if (log_fd < 0) {
        return;
    }
    if (out_len + length * 6 + 128 > OUT_CAPACITY) {
        flush_out();
    }
    if (max_size > 0 && log_size + (long long) out_len >= max_size) {
        flush_out(); /* as dockerd: the file is rotated before the entry that finds it full */
        rotate();
    }
    struct timespec now;
    if (st->partial) {
        now = st->partial_time;
    } else {
        clock_gettime(CLOCK_REALTIME, &now);
    }
    if (!last && !st->partial) {
        st->partial_time = now;
    }
    st->partial = !last;
    put("{\"log\":\"", 8);
    put_escaped((const unsigned char *) data, length);
    if (last) {
        put("\\n", 2);
    }
    put("\",\"stream\":\"", 12);
    put(st->name, strlen(st->name));
    put("\",\"time\":\"", 10);
    put_time(&now);
    put("\"}\n", 3);
}

static void drop_client(int i) {
    close(clients[i].fd);
    clients[i] = clients[--client_count];
}

static void relay(struct stream *st, const char *data, size_t length) {
    unsigned char header[8] = {(unsigned char) st->id, 0, 0, 0, (unsigned char) (length >> 24),
            (unsigned char) (length >> 16), (unsigned char) (length >> 8), (unsigned char) length};
    for (int i = client_count - 1; i >= 0; i--) {
        if (clients[i].waiting) {
            continue;
        }
        struct iovec iov[2] = {{header, 8}, {(void *) data, length}};
        size_t total = 8 + length, sent = 0;
        int failed = 0;
        while (sent < total) {
            struct msghdr msg = {0};
            struct iovec part[2];
            int count = 0;
            size_t skip = sent;
            for (int k = 0; k < 2; k++) {
                if (skip >= iov[k].iov_len) {
                    skip -= iov[k].iov_len;
                    continue;
                }
                part[count].iov_base = (char *) iov[k].iov_base + skip;
                part[count].iov_len = iov[k].iov_len - skip;
                skip = 0;
                count++;
            }
            msg.msg_iov = part;
            msg.msg_iovlen = (size_t) count;
            ssize_t n = sendmsg(clients[i].fd, &msg, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                failed = 1;
                break;
            }
            sent += (size_t) n;
        }
        if (failed) {
            drop_client(i);
        }
    }
}

/* Splits what was read into entries as dockerd's copier does; whole lines stay in order. */
static void consume(struct stream *st, size_t added) {
    size_t start = 0;
    size_t end = st->filled + added;
    for (size_t i = st->filled; i < end; i++) {
        if (st->line[i] == '\n') {
            entry(st, st->line + start, i - start, 1);
            start = i + 1;
        }
    }
    st->filled = end - start;
    if (st->filled == MAX_LINE) {
        /* A full buffer without newline goes out as a partial entry, as dockerd's copier does; but
         * never cut inside a UTF-8 character (dockerd's JSON turns the halves into U+FFFD): the
         * character's first bytes wait for the next entry, so logs give back what was written. */
        size_t cut = MAX_LINE;
        for (size_t back = 1; back <= 3; back++) {
            unsigned char c = (unsigned char) st->line[MAX_LINE - back];
            if ((c & 0xC0) != 0x80) {
                size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
                if (need > back) {
                    cut = MAX_LINE - back;
                }
                break;
            }
        }
        entry(st, st->line, cut, 0);
        st->filled = MAX_LINE - cut;
        memmove(st->line, st->line + cut, st->filled);
    } else if (start > 0 && st->filled > 0) {
        memmove(st->line, st->line + start, st->filled);
    }
}

static void read_stream(struct stream *st) {
    ssize_t n = read(st->fd, st->line + st->filled, MAX_LINE - st->filled);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        if (st->filled > 0) {
            entry(st, st->line, st->filled, 0); /* no newline at the end: a partial entry, as dockerd */
            st->filled = 0;
        }
        close(st->fd);
        st->fd = -1;
        return;
    }
    /* relay first from a copy: consume() moves the line buffer */
    const char *data = st->line + st->filled;
    if (client_count > 0) {
        relay(st, data, (size_t) n);
    }
    consume(st, (size_t) n);
}

static void accept_client(int listener) {
    int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    if (client_count == MAX_CLIENTS) {
        close(fd);
        return;
    }
    struct timeval timeout = {SEND_TIMEOUT_SECONDS, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (send(fd, "R", 1, MSG_NOSIGNAL) != 1) {
        close(fd);
        return;
    }
    clients[client_count].fd = fd;
    clients[client_count].waiting = 0;
    client_count++;
}

static void client_input(int i) {
    char b[64];
    ssize_t n = recv(clients[i].fd, b, sizeof b, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        drop_client(i);
        return;
    }
    if (memchr(b, 'W', (size_t) n) != NULL) {
        clients[i].waiting = 1;
    }
}

static int open_fifo(const char *path) {
    /* non-blocking: returns at once, and poll reports no hang-up before a writer has come */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        die(path);
    }
    return fd;
}

int main(int argc, char **argv) {
    const char *socket_path = NULL, *stdout_path = NULL, *stderr_path = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--socket") == 0) {
            socket_path = argv[i + 1];
        } else if (strcmp(argv[i], "--stdout") == 0) {
            stdout_path = argv[i + 1];
        } else if (strcmp(argv[i], "--stderr") == 0) {
            stderr_path = argv[i + 1];
        } else if (strcmp(argv[i], "--log") == 0) {
            log_path = argv[i + 1];
        } else if (strcmp(argv[i], "--max-size") == 0) {
            max_size = atoll(argv[i + 1]);
        } else if (strcmp(argv[i], "--max-file") == 0) {
            max_files = atoi(argv[i + 1]);
        } else {
            fprintf(stderr, "linnet-log: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (socket_path == NULL || stdout_path == NULL) {
        fprintf(stderr, "usage: linnet-log --socket PATH --stdout FIFO [--stderr FIFO] [--log FILE] "
                "[--max-size BYTES] [--max-file N]\n");
        return 2;
    }
    setsid(); /* not in the daemon's process group or session: it outlives the daemon */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    struct sigaction term = {.sa_handler = on_term};
    sigaction(SIGTERM, &term, NULL);
    umask(022);

    if (log_path != NULL) {
        log_fd = open_log(O_APPEND);
        struct stat st;
        if (fstat(log_fd, &st) == 0) {
            log_size = st.st_size;
        }
    }
    struct stream streams[2] = {{.name = "stdout", .id = 1, .fd = -1}, {.name = "stderr", .id = 2, .fd = -1}};
    streams[0].fd = open_fifo(stdout_path);
    if (stderr_path != NULL) {
        streams[1].fd = open_fifo(stderr_path);
    }

    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (listener < 0 || strlen(socket_path) >= sizeof address.sun_path) {
        die("socket");
    }
    strcpy(address.sun_path, socket_path);
    unlink(socket_path);
    if (bind(listener, (struct sockaddr *) &address, sizeof address) < 0 || listen(listener, 16) < 0) {
        die(socket_path);
    }
    chmod(socket_path, 0600);

    if (write(1, "ready\n", 6) != 6) {
        die("ready");
    }
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    close(null);

    struct pollfd fds[3 + MAX_CLIENTS];
    while ((streams[0].fd >= 0 || streams[1].fd >= 0) && !terminated) {
        int n = 0;
        for (int s = 0; s < 2; s++) {
            fds[n].fd = streams[s].fd; /* a negative fd is skipped by poll */
            fds[n].events = POLLIN;
            n++;
        }
        fds[n].fd = listener;
        fds[n].events = POLLIN;
        n++;
        for (int c = 0; c < client_count; c++) {
            fds[n].fd = clients[c].fd;
            fds[n].events = POLLIN;
            n++;
        }
        if (poll(fds, (nfds_t) n, out_len > 0 ? 0 : -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("poll");
        }
        int busy = 0;
        for (int s = 0; s < 2; s++) {
            if (fds[s].revents != 0 && streams[s].fd >= 0) {
                read_stream(&streams[s]);
                busy = 1;
            }
        }
        if (!busy) {
            flush_out(); /* nothing more to read right now: the entries go out in one write */
        }
        if (fds[2].revents & POLLIN) {
            accept_client(listener);
        }
        /* clients from the back: drop_client moves the last one into the gap */
        for (int c = n - 4; c >= 0; c--) {
            if (c < client_count && fds[3 + c].revents != 0 && fds[3 + c].fd == clients[c].fd) {
                client_input(c);
            }
        }
        if (out_len > OUT_CAPACITY / 2) {
            flush_out();
        }
    }
    for (int s = 0; s < 2; s++) {
        if (streams[s].filled > 0) {
            entry(&streams[s], streams[s].line, streams[s].filled, 0); /* the line's rest comes later */
        }
    }
    flush_out();
    if (log_fd >= 0) {
        close(log_fd);
    }
    unlink(socket_path);
    close(listener);
    for (int c = client_count - 1; c >= 0; c--) {
        shutdown(clients[c].fd, SHUT_RDWR);
        close(clients[c].fd);
    }
    return 0;
}
