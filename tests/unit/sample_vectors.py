#!/usr/bin/env python3
# sample_vectors.py: the known answers of test_sample.c, computed with
# Python's hmac and hashlib alone, independently of the C code.  Run it
# and compare with the tables in test_sample.c (docs/SAMPLING.md has the
# algorithm).
import hashlib
import hmac

SEED_A = bytes(range(32))                      # 00 01 02 .. 1f
SEED_B = hashlib.sha256(b"assure").digest()


def x_of(seed, control, i):
    mac = hmac.new(seed, f"{control}:{i}".encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big")


def draw(seed, control, subjects, size):
    p = sorted(s.encode() for s in subjects)  # bytes sort: bytewise
    n = len(p)
    pop = hashlib.sha256(b"".join(s + b"\n" for s in p)).hexdigest()
    if n <= size:
        return pop, [(None, None, k, p[k].decode()) for k in range(n)], 0
    limit = (2**64 // n) * n
    out, seen, i = [], set(), 0
    while len(out) < size:
        x = x_of(seed, control, i)
        if x < limit:
            idx = x % n
            if idx not in seen:
                seen.add(idx)
                out.append((i, x, idx, p[idx].decode()))
        i += 1
    return pop, out, i


def show(name, seed, control, subjects, size):
    pop, items, iters = draw(seed, control, subjects, size)
    print(f"{name}: n={len(subjects)} size={size} pop={pop} draws={iters}")
    for it in items:
        i, x, idx, s = it
        xs = "-" if x is None else f"{x:016x}"
        print(f"    i={i} x={xs} index={idx} subject={s!r}")


if __name__ == "__main__":
    print("seed A", SEED_A.hex())
    print("seed B", SEED_B.hex())
    for i in range(3):
        print(f"x(A, CTL-1, {i}) = {x_of(SEED_A, 'CTL-1', i):016x}")
    show("n1", SEED_A, "CTL-1", ["only"], 1)
    show("n2", SEED_A, "CTL-1", ["b", "a"], 1)
    show("n7", SEED_A, "CTL-1", [f"item-{k}" for k in range(7)], 3)
    show("n7B", SEED_B, "CTL-1", [f"item-{k}" for k in range(7)], 3)
    show("n25", SEED_A, "CHG.1", [f"s{k:02d}" for k in range(25)], 25)
    show("n1000", SEED_A, "CHG.1", [f"PR-{k}" for k in range(1000)], 25)
    show("n1000B", SEED_B, "CHG.1", [f"PR-{k}" for k in range(1000)], 25)
    show("n16", SEED_A, "ACC_2", [f"user{k}" for k in range(16)], 5)
    show("utf8", SEED_A, "CTL-1", ["b", "a0", "é", "a", "Z", "日本"], 2)
    print("empty pop", hashlib.sha256(b"").hexdigest())
    for n in (3, 7, 1000, 2**63 + 1, 2**64 - 1, 2**32 + 3):
        lim = (2**64 // n) * n
        print(f"limit n={n}: {lim} (2^64 - {2**64 - lim})")
