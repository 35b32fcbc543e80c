# SPDX-License-Identifier: GPL-2.0
# bonding_rs — the Linux bonding driver in Rust, as an out-of-tree module.
#
#   make                 build bonding_rs.ko (against KDIR, or the project's test kernel)
#   make KDIR=<dir>      build against your own Rust-enabled kernel build dir (add LLVM=... if
#                        it was built with clang)
#   make demo            set up, boot the VM, show bonding_rs in active-backup
#   make check           host unit tests + style gates + VM selftests ("N passed, N failed")
#   make fmt             rustfmt the sources with the kernel's rules
#   make bench           pktgen packets/s through bond0, bonding_rs vs bonding.ko, on the
#                        bench kernel (built if needed); results in bench-results/
#   make failover-bench  active-backup failover blackout, bonding_rs vs bonding.ko
#   make rtnl-bench      RTNL hold time of enslave, release and a failover, vs bonding.ko
#   make soak            randomized operation campaign under traffic on the debug kernel
#   make clean
#
# Kbuild reads ./Kbuild; this file is the user interface.

ifneq ($(KDIR),)
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
else
modules:
	bash scripts/build-module.sh test
clean:
	rm -rf hosttest/target
	find . -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' | xargs rm -f
endif

demo:
	bash scripts/demo.sh

check:
	bash scripts/check.sh

bench:
	bash scripts/bench.sh

failover-bench:
	bash scripts/failover-bench.sh

rtnl-bench:
	bash scripts/rtnl-bench.sh

soak:
	bash scripts/soak.sh

fmt:
	kdir=$$(bash scripts/build-kernel.sh test) && \
	rustfmt --edition 2021 --config-path "$$(readlink -f $$kdir/source)/.rustfmt.toml" bonding_rs.rs hosttest/lib.rs

.PHONY: modules clean demo check fmt bench failover-bench rtnl-bench soak
