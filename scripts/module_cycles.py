#!/usr/bin/env python3
"""Lists the import cycles between the modules of each crate, and fails if there is one.

An edge a -> b when module a names `crate::b…` (or a `super::…` path that resolves to b).
A module naming one of its ancestors is left out: a child using what its parent declares
is how Rust modules are built; two siblings, or a parent and a grandchild's sibling, that
use each other are the tangles this check keeps out. Run from the repository's root."""
import os, re, sys, glob

def modules(src):
    mods = {}
    for path in glob.glob(os.path.join(src, '**', '*.rs'), recursive=True):
        rel = os.path.relpath(path, src)[:-3].split(os.sep)
        if rel[-1] in ('lib', 'main'):
            rel = rel[:-1]
        elif rel[-1] == 'mod':
            rel = rel[:-1]
        if rel and rel[0] == 'bin':
            continue
        mods[tuple(rel)] = path
    return mods

def strip_comments(text):
    text = re.sub(r'//[^\n]*', '', text)
    return re.sub(r'/\*.*?\*/', '', text, flags=re.S)

def resolve(mods, parts):
    for n in range(len(parts), 0, -1):
        if tuple(parts[:n]) in mods:
            return tuple(parts[:n])
    return ()

def edges(mods):
    graph = {m: set() for m in mods}
    path_re = re.compile(r'\b((?:crate|super)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\}))+)')
    for mod, path in mods.items():
        text = strip_comments(open(path, encoding='utf-8').read())
        for m in path_re.finditer(text):
            segs = m.group(1).split('::')
            base = []
            if segs[0] == 'crate':
                base, segs = [], segs[1:]
            else:
                base = list(mod)
                while segs and segs[0] == 'super':
                    base = base[:-1]
                    segs = segs[1:]
            heads = []
            if segs and segs[0].startswith('{'):
                heads = [s.strip().split('::') for s in segs[0][1:-1].split(',') if s.strip()]
            else:
                heads = [[s for s in segs if not s.startswith('{')]]
            for h in heads:
                target = resolve(mods, base + [p for p in h if p not in ('self', '*')])
                if target != mod and target != mod[:len(target)]:
                    graph[mod].add(target)
    return graph

def cycles(graph):
    index, low, stack, on, out, i = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1:
                out.append(comp)
    for v in graph:
        if v not in index:
            visit(v)
    return out

total = 0
for src in sorted(glob.glob('crates/*/src') + ['frontend/src', 'tests/support']):
    found = cycles(edges(modules(src)))
    for comp in found:
        total += 1
        print(src, ' <-> '.join('::'.join(m) or 'lib' for m in comp))
print(f'{total} cycle(s) d\'import entre modules')
sys.exit(1 if total else 0)
