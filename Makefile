# assure: the two commands of the README, and the rest.
#
#   make demo    install what is missing, build, run the demo
#   make check   install what is missing, build, run every test: a gcc
#                build, then a clang build under ASan+UBSan
#
# Other targets: build, fuzz (libFuzzer runs), bench, soak (the long
# reliability runs: crash loops, races, HTTP fuzzing, libFuzzer, valgrind,
# load), valgrind (the CLI tests under memcheck), install, clean.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
VG_BUILD   ?= build-valgrind
JOBS       ?= 2
FUZZ_TIME  ?= 60
# make demo ends by serving the dashboard; DEMO_SERVE=0 stops before.
DEMO_SERVE ?= 1
PREFIX     ?= /usr/local
CMAKE_GEN  := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all bootstrap build demo check check-gcc check-asan fuzz bench \
	soak soak-tests soak-load valgrind install clean

all: build

bootstrap:
	@sh scripts/bootstrap.sh

build: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DCMAKE_C_COMPILER=gcc -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@DEMO_SERVE=$(DEMO_SERVE) sh scripts/demo.sh $(BUILD)/assure

check: check-gcc check-asan

check-gcc: build
	ctest --test-dir $(BUILD) -j$(JOBS) --timeout 600 --output-on-failure

check-asan: bootstrap
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
	    -DCMAKE_C_COMPILER=clang -DASSURE_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) -j$(JOBS) --timeout 600 \
	    --output-on-failure

fuzz: bootstrap
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug \
	    -DCMAKE_C_COMPILER=clang -DASSURE_SANITIZE=ON -DASSURE_FUZZ=ON \
	    >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS)
	@sh scripts/fuzz-run.sh $(FUZZ_BUILD) $(FUZZ_TIME)

bench: build
	@for b in bench/*.sh; do \
	    case $$b in *-soak.sh) continue ;; esac; \
	    ASSURE_BIN=$(BUILD)/assure sh $$b || exit 1; \
	done

# The long runs of docs/RELIABILITY.md, about nine hours on 2 cores:
#   soak-tests  SOAK_RUNS SIGKILLs of each crash loop, SOAK_ROUNDS rounds of
#               processes racing on one workspace, SOAK_HTTP_SECS seconds of
#               mutated HTTP requests (about an hour)
#   fuzz        every libFuzzer target for SOAK_FUZZ_TIME seconds each
#               (45 targets x 10 minutes)
#   valgrind    the CLI tests under memcheck (below; about an hour)
#   soak-load   the server under wrk against the large organisation for
#               SOAK_LOAD_TIME seconds, RSS sampled (build/soak/)
SOAK_RUNS ?= 300
SOAK_ROUNDS ?= 100
SOAK_HTTP_SECS ?= 300
SOAK_FUZZ_TIME ?= 600
SOAK_LOAD_TIME ?= 600
soak: soak-tests soak-load
	@$(MAKE) --no-print-directory fuzz FUZZ_TIME=$(SOAK_FUZZ_TIME)
	@$(MAKE) --no-print-directory valgrind

soak-tests: build
	ASSURE_SOAK_RUNS=$(SOAK_RUNS) \
	ASSURE_CONCURRENCY_ROUNDS=$(SOAK_ROUNDS) \
	ASSURE_HTTP_FUZZ_SECS=$(SOAK_HTTP_SECS) ctest --test-dir $(BUILD) \
	    -R 'cli/ledger_crash|cli/concurrency|unit/test_http_hostile' \
	    --output-on-failure --timeout 14400

soak-load: build
	ASSURE_BIN=$(BUILD)/assure ASSURE_BENCH_OUT=$(BUILD)/soak \
	    sh bench/web-soak.sh $(SOAK_LOAD_TIME)

# The CLI tests with every assure process under valgrind's memcheck
# (tests/valgrind/): a gcc RelWithDebInfo build of its own, since the
# sanitizers' build cannot run under valgrind.
valgrind: bootstrap
	@cmake -S . -B $(VG_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DCMAKE_C_COMPILER=gcc -DASSURE_VALGRIND=ON >/dev/null
	@cmake --build $(VG_BUILD) -j$(JOBS) --target assure
	ctest --test-dir $(VG_BUILD) -L valgrind -j$(JOBS) --output-on-failure

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(VG_BUILD)
