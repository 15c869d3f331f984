# smtpsim — plain Makefile, libraries found through pkg-config.
#
#   make          build ./smtpsim (installs missing Debian packages as root)
#   make run      build and start the full-screen UI
#   make test     every test: Criterion unit tests, then end-to-end tests
#   make check    the whole suite under AddressSanitizer + UBSan
#   make bench    benchmark figures
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
BUILD      ?= build
BIN        ?= smtpsim
VERSION    := 0.1.0

# Packages a build needs, and what the tests also drive.
BUILD_DEBS := pkg-config libncurses-dev libcjson-dev libssl-dev
TEST_DEBS  := libcriterion-dev tmux procps swaks libnet-ssleay-perl libio-socket-ssl-perl curl python3 openssl valgrind
BENCH_DEBS := postfix

WARN := -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow
ifeq ($(CI),true)
WARN += -Werror
endif

CFLAGS  ?= -O2 -g
LDFLAGS ?=

# Recursively expanded on purpose: pkg-config runs only once the packages
# are known to be there (the deps targets run first).
PKG_CFLAGS = $(shell pkg-config --cflags ncursesw libcjson openssl 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs ncursesw libcjson openssl 2>/dev/null)
CRIT_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSMTPSIM_VERSION='"$(VERSION)"' -DSMTPSIM_DATADIR='"$(DATADIR)/smtpsim"' \
	$(WARN) $(CFLAGS) -Isrc -MMD -MP

ENGINE_SRC := $(sort $(wildcard src/smtp/*.c))
APP_SRC    := $(sort $(filter-out src/main.c $(ENGINE_SRC),$(wildcard src/*.c src/*/*.c)))
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ    := $(APP_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ   := $(BUILD)/src/main.o

# Engine tests link against the engine alone (no curses, cJSON, OpenSSL):
# the link itself proves src/smtp/ stands on its own.
ENGINE_TEST_SRC := $(sort $(wildcard tests/test_smtp_*.c))
APP_TEST_SRC    := $(sort $(filter-out $(ENGINE_TEST_SRC),$(wildcard tests/test_*.c)))
ENGINE_TESTS    := $(BUILD)/tests/engine-tests
APP_TESTS       := $(BUILD)/tests/app-tests
# The fuzz harnesses, built for `make test` with a plain main() (see fuzz).
FUZZ_HARNESSES  := session annotate explain lesson progress
FUZZ_REPLAY     := $(FUZZ_HARNESSES:%=$(BUILD)/tests/fuzz-replay-%)

.PHONY: fuzz all run test check bench install uninstall clean deps deps-test deps-bench deps-check \
	build-only test-only units bench-only

all: deps
	@$(MAKE) --no-print-directory build-only

run: all
	./$(BIN)

test: deps-test
	@$(MAKE) --no-print-directory test-only

check: deps-test
	@$(MAKE) --no-print-directory BUILD=build/san BIN=build/san/smtpsim SANITIZED=1 \
		CFLAGS="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow" \
		LDFLAGS="-fsanitize=address,undefined,float-cast-overflow" test-only

bench: deps-bench
	@$(MAKE) --no-print-directory bench-only

build-only: $(BIN)

# The data directory is compiled in: rebuild when PREFIX/DATADIR change.
$(BUILD)/config.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR) $(VERSION)' | cmp -s - $@ 2>/dev/null || echo '$(DATADIR) $(VERSION)' > $@

$(MAIN_OBJ) $(APP_OBJ): $(BUILD)/config.stamp

FORCE:

$(BIN): $(MAIN_OBJ) $(APP_OBJ) $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/src/smtp/%.o: src/smtp/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CRIT_CFLAGS) -c -o $@ $<

$(ENGINE_TESTS): $(ENGINE_TEST_SRC:%.c=$(BUILD)/%.o) $(ENGINE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRIT_LIBS)

$(APP_TESTS): $(APP_TEST_SRC:%.c=$(BUILD)/%.o) $(APP_OBJ) $(ENGINE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CRIT_LIBS)

units: $(ENGINE_TESTS) $(if $(APP_TEST_SRC),$(APP_TESTS)) $(FUZZ_REPLAY)

test-only: $(BIN) units
	@SMTPSIM="$(abspath $(BIN))" BUILD="$(BUILD)" SANITIZED="$(SANITIZED)" sh tests/run-all.sh

bench-only: $(BIN) $(BUILD)/tests/bench-engine
	@SMTPSIM="$(abspath $(BIN))" BUILD="$(BUILD)" sh tests/bench/run.sh

$(BUILD)/tests/bench-engine: tests/bench/bench_engine.c $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^

# --- fuzzing ------------------------------------------------------------------
# One harness per way in, each calling the real entry points in-process:
#   session   the engine (src/smtp/ alone)        tests/fuzz/smtp.dict
#   annotate  smtpsim session [--annotate]        tests/fuzz/smtp.dict
#   explain   smtpsim explain [-f -], codes, ports tests/fuzz/smtp.dict
#   lesson    the lesson loader (lesson_parse)    tests/fuzz/json.dict
#   progress  the progress loader and save        tests/fuzz/json.dict
# `make fuzz` runs each under clang's libFuzzer with ASan and UBSan (any
# report is fatal) for FUZZ_SECONDS each, from the seeds in tests/fuzz/corpus/NAME
# (and lessons/*.json for the lesson loader); FUZZ=NAME picks some. It is not
# part of `make test`, but `make test` builds every harness with $(CC) and a
# plain main() (tests/fuzz/replay.c) and runs it over the seeds
# (tests/e2e/fuzz-replay.sh), so they compile without clang or libFuzzer.
FUZZ          ?= $(FUZZ_HARNESSES)
FUZZ_SECONDS  ?= 60
FUZZ_CC       ?= clang
FUZZ_MAX_LEN  ?= 4096
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS    = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSMTPSIM_VERSION='"$(VERSION)"' -DSMTPSIM_DATADIR='"$(DATADIR)/smtpsim"' \
	-g -O1 -fno-omit-frame-pointer -Isrc -Itests/fuzz $(FUZZ_SAN) -MMD -MP \
	$(PKG_CFLAGS)
FUZZ_LIBS      = $(PKG_LIBS)
# src/cli sits on top and starts every layer (the UI, serve), so the
# harnesses that enter through it link them all
FUZZ_APP_SRC  := $(APP_SRC) $(ENGINE_SRC)
FUZZ_OBJ_DIR   = $(BUILD)/fuzz/obj
# the engine harness links the engine alone, like the engine tests
fuzz_src = $(if $(filter session,$(1)),$(ENGINE_SRC),$(FUZZ_APP_SRC))
fuzz_objs = $(patsubst %.c,$(FUZZ_OBJ_DIR)/%.o,$(call fuzz_src,$(1)))

$(BUILD)/tests/fuzz-replay-session: $(BUILD)/tests/fuzz/fuzz_session.o \
		$(BUILD)/tests/fuzz/replay.o $(ENGINE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/fuzz-replay-%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o \
		$(APP_OBJ) $(ENGINE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(FUZZ_OBJ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

.SECONDEXPANSION:
$(BUILD)/fuzz/fuzz-%: $(FUZZ_OBJ_DIR)/tests/fuzz/fuzz_%.o \
		$$(call fuzz_objs,$$*)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

fuzz: deps
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
		| $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null || { \
		echo "make fuzz: needs $(FUZZ_CC) with libFuzzer (Debian: apt-get install clang)."; \
		echo "make test builds and replays every harness without it."; exit 1; }
	@$(MAKE) --no-print-directory $(FUZZ:%=$(BUILD)/fuzz/fuzz-%)
	@for h in $(FUZZ); do \
		mkdir -p $(BUILD)/fuzz/corpus/$$h || exit 1; \
		cp tests/fuzz/corpus/$$h/* $(BUILD)/fuzz/corpus/$$h/; \
		if [ $$h = lesson ]; then cp lessons/*.json $(BUILD)/fuzz/corpus/$$h/ 2>/dev/null; fi; \
		dict=tests/fuzz/$$(case $$h in lesson|progress) echo json;; *) echo smtp;; esac).dict; \
		echo "== fuzz-$$h: $(FUZZ_SECONDS) s, dictionary $$dict"; \
		$(BUILD)/fuzz/fuzz-$$h -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
			-dict=$$dict -close_fd_mask=3 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/$$h- $(BUILD)/fuzz/corpus/$$h || exit 1; \
	done

# --- dependencies: install what is missing (root), or say what to install --
deps:
	@sh tests/deps.sh build $(BUILD_DEBS)

# One check per target, so a user without root reads one complete list.
deps-test:
	@sh tests/deps.sh test $(BUILD_DEBS) $(TEST_DEBS)

deps-bench:
	@sh tests/deps.sh bench $(BUILD_DEBS) $(TEST_DEBS) $(BENCH_DEBS)

# make install never installs packages: it only says what is missing.
deps-check:
	@NO_INSTALL=1 sh tests/deps.sh install $(BUILD_DEBS)

install: deps-check
	@$(MAKE) --no-print-directory build-only
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/smtpsim/lessons $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/smtpsim
	install -m 644 lessons/*.json $(DESTDIR)$(DATADIR)/smtpsim/lessons/
	if [ -f smtpsim.1 ]; then install -m 644 smtpsim.1 $(DESTDIR)$(MANDIR)/man1/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smtpsim $(DESTDIR)$(MANDIR)/man1/smtpsim.1
	rm -rf $(DESTDIR)$(DATADIR)/smtpsim

clean:
	rm -rf build $(BUILD) $(BIN)

# the dependency files the compiler writes beside each object (-MMD -MP)
DEP_FILES := $(MAIN_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(ENGINE_OBJ:.o=.d) \
	$(ENGINE_TEST_SRC:%.c=$(BUILD)/%.d) $(APP_TEST_SRC:%.c=$(BUILD)/%.d) \
	$(FUZZ_HARNESSES:%=$(BUILD)/tests/fuzz/fuzz_%.d) $(BUILD)/tests/fuzz/replay.d
-include $(DEP_FILES)
