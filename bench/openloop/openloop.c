/*
 * openloop: an open-loop HTTP/1.1 load generator, for latency at a fixed rate.
 *
 *   openloop -r RATE -d SECONDS [-c CONNECTIONS] -f REQUESTS HOST:PORT
 *
 * REQUESTS holds raw HTTP/1.1 requests separated by NUL bytes (bench/openloop/requests.py writes them); they are sent
 * in turn, round and round. Request k is due at start + k / RATE whatever happened before (open loop): it goes out on
 * the first idle keep-alive connection, and its latency is counted from when it was due, not from when a connection
 * became free, so a stalled server is charged for the requests queued behind the stall (no coordinated omission).
 * A closed-loop tool (wrk) measures throughput; this one, run below that throughput, measures latency.
 *
 * Single thread, epoll, no dependency; bench/wrk-cpu.sh compiles it with the system's cc and prints its own CPU.
 * Output (parsed by bench/wrk-cpu.sh):
 *   requests: 3000 due, 3000 completed, 0 non-2xx, 0 errors, 0 late
 *   rate: 150.0/s achieved for 150/s asked
 *   latency ms: p50 3.100 p90 4.200 p99 9.800 p99.9 21.000 max 30.000
 *   cpu: 1.2 % of a core
 * "late": requests still unanswered DRAIN seconds after the last one was due (counted as errors, not in latencies).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define DRAIN 10.0
#define GRAIN 0.0002

struct conn {
  int fd;
  int busy;
  int out; /* registered for EPOLLOUT (the request did not fit the socket) */
  const char *req;
  size_t reqlen, sent;
  double due;
  char *buf;
  size_t len, cap;
};

static struct sockaddr_in addr;
static int ep;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

static void open_conn(struct conn *c) {
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  if (c->fd < 0) die("socket");
  if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
  c->busy = 0;
  c->out = 0;
  c->len = 0;
}

static void reopen(struct conn *c) {
  epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  open_conn(c);
}

/* Registers the connection for EPOLLIN, plus EPOLLOUT when out (a system call only when that changes). */
static void interest(struct conn *c, int out) {
  if (c->out == out) return;
  struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
  c->out = out;
}

/* Writes what is left of the request; asks for EPOLLOUT while the socket is full. 0 ok, -1 connection lost. */
static int flush(struct conn *c) {
  while (c->sent < c->reqlen) {
    ssize_t n = write(c->fd, c->req + c->sent, c->reqlen - c->sent);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      interest(c, 1);
      return 0;
    }
    if (n <= 0) return -1;
    c->sent += n;
  }
  interest(c, 0);
  return 0;
}

/* A header's value in the header block [h, end), or NULL. */
static const char *header(const char *h, const char *end, const char *name) {
  size_t n = strlen(name);
  for (const char *p = h; p && p < end; p = memchr(p, '\n', end - p), p = p ? p + 1 : NULL) {
    if ((size_t)(end - p) > n + 1 && strncasecmp(p, name, n) == 0 && p[n] == ':') {
      p += n + 1;
      while (*p == ' ') p++;
      return p;
    }
  }
  return NULL;
}

/*
 * Whether buf holds a whole response: 1 (status and keep-alive set), 0 not yet, -1 unparseable.
 * Content-Length or chunked bodies; a response without either (and not 204/304) cannot be delimited: -1.
 */
static int complete(const char *buf, size_t len, int *status, int *close_after) {
  const char *end = memmem(buf, len, "\r\n\r\n", 4);
  if (!end) return 0;
  if (len < 12 || strncmp(buf, "HTTP/1.", 7) != 0) return -1;
  *status = atoi(buf + 9);
  const char *body = end + 4;
  size_t have = len - (body - buf);
  const char *conn = header(buf, end, "Connection");
  *close_after = conn && strncasecmp(conn, "close", 5) == 0;
  const char *cl = header(buf, end, "Content-Length");
  if (cl) return have >= (size_t)strtoull(cl, NULL, 10) ? 1 : 0;
  const char *te = header(buf, end, "Transfer-Encoding");
  if (te && strncasecmp(te, "chunked", 7) == 0) {
    const char *p = body, *stop = buf + len;
    for (;;) {
      const char *eol = memmem(p, stop - p, "\r\n", 2);
      if (!eol) return 0;
      size_t size = strtoull(p, NULL, 16);
      p = eol + 2;
      if (size == 0) return memmem(p, stop - p, "\r\n", 2) ? 1 : 0; /* no trailers expected */
      if ((size_t)(stop - p) < size + 2) return 0;
      p += size + 2;
    }
  }
  if (*status == 204 || *status == 304 || (*status >= 100 && *status < 200)) return 1;
  return -1;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double pct(double *v, long n, double p) {
  if (n == 0) return NAN;
  long i = (long)ceil(p * n) - 1;
  return v[i < 0 ? 0 : i];
}

int main(int argc, char **argv) {
  double rate = 0, duration = 0;
  int nconn = 64;
  const char *file = NULL;
  int opt;
  while ((opt = getopt(argc, argv, "r:d:c:f:")) != -1) {
    if (opt == 'r') rate = atof(optarg);
    else if (opt == 'd') duration = atof(optarg);
    else if (opt == 'c') nconn = atoi(optarg);
    else if (opt == 'f') file = optarg;
  }
  if (rate <= 0 || duration <= 0 || nconn <= 0 || !file || optind != argc - 1) {
    fprintf(stderr, "usage: openloop -r RATE -d SECONDS [-c CONNECTIONS] -f REQUESTS HOST:PORT\n");
    return 2;
  }
  char host[256];
  int port;
  if (sscanf(argv[optind], "%255[^:]:%d", host, &port) != 2) die("HOST:PORT");
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) die("host must be an IPv4 address");

  /* the requests, NUL-separated */
  FILE *f = fopen(file, "rb");
  if (!f) die(file);
  struct stat st;
  fstat(fileno(f), &st);
  char *all = malloc(st.st_size + 1);
  if (fread(all, 1, st.st_size, f) != (size_t)st.st_size) die("read");
  fclose(f);
  all[st.st_size] = 0;
  long nreq = 0;
  const char **reqs = malloc(sizeof(char *) * (st.st_size / 16 + 2));
  size_t *lens = malloc(sizeof(size_t) * (st.st_size / 16 + 2));
  for (char *p = all; p < all + st.st_size;) {
    size_t l = strlen(p);
    if (l > 0) {
      reqs[nreq] = p;
      lens[nreq++] = l;
    }
    p += l + 1;
  }
  if (nreq == 0) {
    fprintf(stderr, "no request in %s\n", file);
    return 2;
  }

  signal(SIGPIPE, SIG_IGN); /* a connection the server reset fails its write instead of killing the tool */
  ep = epoll_create1(0);
  if (ep < 0) die("epoll_create1");
  /* wakes the loop when the next request is due (epoll_wait's timeout is in whole ms: up to 1 ms late) */
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  if (tfd < 0) die("timerfd_create");
  struct epoll_event tev = {.events = EPOLLIN, .data.ptr = NULL};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev) < 0) die("epoll_ctl");
  struct conn *conns = calloc(nconn, sizeof *conns);
  struct conn **idle = malloc(sizeof(struct conn *) * nconn);
  int nidle = 0;
  for (int i = 0; i < nconn; i++) {
    open_conn(&conns[i]);
    idle[nidle++] = &conns[i];
  }

  long total = (long)(rate * duration);
  double *lat = malloc(sizeof(double) * (total + 1));
  long sent = 0, done = 0, non2xx = 0, errors = 0;
  struct rusage r0, r1;
  getrusage(RUSAGE_SELF, &r0);
  double t0 = now() + 0.01, last_due = t0 + (total - 1) / rate, last_done = t0;
  struct epoll_event evs[256];
  while (done < total) {
    double t = now();
    if (t > last_due + DRAIN) break;
    long due = t < t0 ? 0 : (long)floor((t - t0) * rate) + 1;
    if (due > total) due = total;
    while (sent < due && nidle > 0) {
      struct conn *c = idle[--nidle];
      c->busy = 1;
      c->req = reqs[sent % nreq];
      c->reqlen = lens[sent % nreq];
      c->sent = 0;
      c->due = t0 + sent / rate;
      c->len = 0;
      sent++;
      if (flush(c) < 0) { /* lost before the request went out: count it, start again */
        errors++;
        done++;
        reopen(c);
        idle[nidle++] = c;
      }
    }
    int timeout = 10;
    if (sent < total && nidle > 0) {
      double next = t0 + sent / rate, t = now();
      if (next <= t) {
        timeout = 0;
      } else {
        /* at most one wake-up every GRAIN: a wake-up per request would cost the tool more than a request costs
         * the trivial endpoint; a request then goes out at most GRAIN late (charged to the server) */
        if (next < t + GRAIN) next = t + GRAIN;
        struct itimerspec its = {0};
        its.it_value.tv_sec = (time_t)next;
        its.it_value.tv_nsec = (long)((next - (double)(time_t)next) * 1e9);
        timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
      }
    }
    int n = epoll_wait(ep, evs, 256, timeout);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int i = 0; i < n; i++) {
      struct conn *c = evs[i].data.ptr;
      if (!c) { /* the timer: a request is due */
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN) die("timerfd read");
        continue;
      }
      int was_busy = c->busy, eof = 0;
      if ((evs[i].events & EPOLLOUT) && c->busy && flush(c) < 0) eof = 1;
      while (!eof && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
        if (c->cap - c->len < 4096) {
          c->cap = c->cap ? c->cap * 2 : 16384;
          c->buf = realloc(c->buf, c->cap);
        }
        ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (r <= 0) eof = 1;
        else c->len += r;
      }
      if (c->busy) {
        int status = 0, close_after = 0, k = complete(c->buf, c->len, &status, &close_after);
        if (k > 0) {
          double t1 = now();
          lat[done - errors] = (t1 - c->due) * 1000.0;
          last_done = t1;
          done++;
          if (status < 200 || status >= 300) non2xx++;
          c->busy = 0;
          c->len = 0;
          eof |= close_after;
          if (c->sent < c->reqlen) {
            eof = 1; /* answered before the whole request went out: the rest must not reach the next request */
          } else {
            interest(c, 0);
          }
        } else if (k < 0 || eof) { /* unparseable, or closed before the whole response: an error */
          errors++;
          done++;
          c->busy = 0;
          eof = 1;
        }
      }
      if (eof) reopen(c);
      if (was_busy && !c->busy) idle[nidle++] = c; /* an idle connection is on the stack already */
    }
  }
  double end = now();
  getrusage(RUSAGE_SELF, &r1);
  long late = total - done;
  long measured = done - errors;
  qsort(lat, measured, sizeof(double), cmp);
  double cpu = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
               (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
  double span = end - t0;
  printf("requests: %ld due, %ld completed, %ld non-2xx, %ld errors, %ld late\n", total, done - errors, non2xx, errors,
         late);
  printf("rate: %.1f/s achieved for %.0f/s asked\n", last_done > t0 ? (done - errors) / (last_done - t0) : 0.0, rate);
  printf("latency ms: p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f\n", pct(lat, measured, 0.5),
         pct(lat, measured, 0.9), pct(lat, measured, 0.99), pct(lat, measured, 0.999),
         measured ? lat[measured - 1] : NAN);
  printf("cpu: %.1f %% of a core\n", span > 0 ? cpu / span * 100 : 0);
  return errors + late > 0 ? 1 : 0;
}
