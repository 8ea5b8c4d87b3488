# ogas: one library (libogas), one program (build/ogas), tests, benchmarks.
#   make            build build/ogas and build/libogas.a
#   make demo       install missing Debian packages, build, run the main job
#   make test       install missing Debian packages, build, run every test
#   make bench      run the benchmarks, reports to bench/results/
#   make SAN=1      build with AddressSanitizer + UndefinedBehaviorSanitizer (into build-san/)
#   make COV=1      build with coverage instrumentation (into build-cov/)
#   make fuzz       build and run each fuzzer for a short while (clang, libFuzzer)
#   make mpi        build build/ogas-mpi, the input-output engine on PETSc over MPI (optional: needs PETSc, MPI)
#   make test-mpi   build it and run its tests with 1, 2 and 4 ranks (part of make test when PETSc is installed)

CC      ?= cc
ifeq ($(origin CC),default)
CC      := gcc
endif
SAN     ?= 0
COV     ?= 0
ifeq ($(SAN),1)
BUILD   ?= build-san
else ifeq ($(COV),1)
BUILD   ?= build-cov
else
BUILD   ?= build
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wformat=2
CFLAGS  ?= -O2 -g
override CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -fopenmp $(WARN) -Iinclude -Isrc -Itests -MMD -MP
LDLIBS  := -lClp -lCoinUtils -lgmp -lsqlite3 -lsodium -lmicrohttpd -ljansson -llapack -lm
override LDFLAGS += -fopenmp
ifeq ($(SAN),1)
override CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
override LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(COV),1)
override CFLAGS  += -O0 --coverage
override LDFLAGS += --coverage
endif

LIB_SRC  := $(sort $(wildcard src/core/*.c src/formats/*.c src/balance/*.c src/plan/*.c src/councils/*.c src/distribution/*.c src/store/*.c))
SRV_SRC  := $(sort $(wildcard src/server/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c)) $(SRV_SRC)
TEST_SRC := tests/runner.c $(sort $(wildcard tests/unit/*.c tests/golden/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o) $(SRV_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libogas.a
PROG     := $(BUILD)/ogas
TESTPROG := $(BUILD)/ogas-tests

.PHONY: all deps demo test unit integration browser sanitize bench fuzz fuzz-build clean mpi test-mpi
all: $(PROG)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(PROG): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(TESTPROG): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LDLIBS)

deps:
	@scripts/deps.sh

demo:
	@scripts/deps.sh demo
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(PROG)

# Every test: unit and golden tests, the same under ASan+UBSan, the CLI and server integration tests, the
# dashboard in a browser, fuzz-corpus replay, and ogas-mpi on 1, 2 and 4 ranks.
test: deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory SAN=1 unit
	@$(MAKE) --no-print-directory integration
	@$(MAKE) --no-print-directory browser
	@$(MAKE) --no-print-directory fuzz-replay
	@$(MAKE) --no-print-directory test-mpi

unit: $(TESTPROG)
	@$(TESTPROG)

integration: $(PROG)
	@tests/integration/run.sh $(PROG)

# The dashboard in headless chromium (playwright-core from web/package-lock.json); screenshots in build/screenshots/.
browser: $(PROG)
	@sh tests/browser/run.sh $(PROG)

FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BUILD := build-fuzz
fuzz-build:
	@mkdir -p $(FUZZ_BUILD)
	@for f in $(FUZZERS); do \
	  clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fopenmp=libgomp -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
	    tests/fuzz/fuzz_$$f.c $(LIB_SRC) $(wildcard src/server/*.c) -o $(FUZZ_BUILD)/fuzz_$$f -lClp -lCoinUtils -lgmp -lsqlite3 -lsodium \
	    -lmicrohttpd -ljansson -llapack -lm -lgomp || exit 1; done

# Replays the stored corpus of every fuzzer (a regression test: no crash, no leak, no UB).
fuzz-replay: $(LIB_SRC)
	@tests/fuzz/replay.sh

# Runs each fuzzer for FUZZ_SECONDS (default 60) and adds what it finds to the corpus.
FUZZ_SECONDS ?= 60
fuzz: fuzz-build
	@for f in $(FUZZERS); do echo "fuzz $$f"; \
	  $(FUZZ_BUILD)/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=tests/fuzz/ tests/fuzz/corpus/$$f || exit 1; done

# The PETSc face: build/ogas-mpi, compiled with mpicc and PETSc's flags (pkg-config PETSc, as Debian's
# petsc-dev installs it; PETSC_PC names another .pc). Plain `make` never needs PETSc or MPI.
MPICC    ?= mpicc
PETSC_PC ?= $(firstword $(foreach p,PETSc petsc,$(shell pkg-config --exists $(p) 2>/dev/null && echo $(p))))
MPI_SRC  := $(sort $(wildcard src/mpi/*.c)) src/cli/json.c src/cli/args.c src/cli/plan_out.c src/cli/progress.c
MPI_OBJ  := $(MPI_SRC:%.c=$(BUILD)/mpi-obj/%.o)
MPIPROG  := $(BUILD)/ogas-mpi

mpi: $(MPIPROG)

$(BUILD)/mpi-obj/%.o: %.c
	@test -n "$(PETSC_PC)" || { echo "ogas: make mpi needs PETSc and MPI: apt-get install petsc-dev libopenmpi-dev openmpi-bin" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(MPICC) $(CFLAGS) $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PETSC_PC))) -Isrc/cli -c $< -o $@

$(MPIPROG): $(MPI_OBJ) $(LIB)
	$(MPICC) $(LDFLAGS) -o $@ $(MPI_OBJ) $(LIB) $(shell pkg-config --libs $(PETSC_PC)) $(LDLIBS)

# The MPI tests (tests/mpi/run.sh); skipped with a note where PETSc or mpirun is missing.
test-mpi: $(PROG)
	@if [ -n "$(PETSC_PC)" ] && command -v mpirun >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory mpi && tests/mpi/run.sh $(PROG) $(MPIPROG); \
	else echo "test-mpi: skipped (no PETSc or no mpirun: apt-get install petsc-dev libopenmpi-dev openmpi-bin)"; fi

bench: deps
	@$(MAKE) --no-print-directory CFLAGS="-O3 -march=native -g" BUILD=build-bench all
	@bench/run.sh build-bench/ogas
	@bench/plan.sh build-bench/ogas
	@bench/budget.sh build-bench/ogas
	@bench/simulate.sh build-bench/ogas
	@bench/server.sh build-bench/ogas
	@if [ -n "$(PETSC_PC)" ] && command -v mpirun >/dev/null 2>&1; then bench/mpi.sh build-bench; \
	else echo "bench: ogas-mpi skipped (no PETSc or no mpirun: apt-get install petsc-dev libopenmpi-dev openmpi-bin)"; fi

clean:
	rm -rf build build-san build-cov build-fuzz build-fuzz-replay build-bench

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(MPI_OBJ:.o=.d)
