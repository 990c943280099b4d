# Guildkit's Python-side runtime, loaded into every interpreter before its memory snapshot.
# It runs agent code in one persistent namespace and reports results as JSON. With a Policy it
# also applies the Python-level sandbox rules (the second layer; the sandbox process is the
# boundary): guarded imports that hand out module proxies, restricted builtins, and an AST check.
import ast
import base64
import builtins
import importlib
import io
import json
import linecache
import math
import os
import sys
import time
import traceback
import types
import weakref

RUNTIME_FILE = "<guildkit-runtime>"
CO_COROUTINE = 0x80  # inspect.CO_COROUTINE, without importing inspect
MAX_DEPTH = 100
MAX_CELLS_IN_LINECACHE = 64
MAX_CODE_CACHE = 256
# An exception's text in a result: with JSON escaping, well within the frame's overhead.
MAX_MESSAGE_CHARS = 2000
MAX_TRACEBACK_CHARS = 6000

ALLOWED_DUNDER_ATTRS = frozenset(
    "__init__ __name__ __qualname__ __doc__ __class__ __len__ __str__ __repr__ __eq__ __ne__ "
    "__lt__ __le__ __gt__ __ge__ __hash__ __bool__ __iter__ __next__ __enter__ __exit__ __call__ "
    "__getitem__ __setitem__ __delitem__ __contains__ __add__ __sub__ __mul__ __truediv__ "
    "__floordiv__ __mod__ __pow__ __neg__ __abs__".split()
)
BLOCKED_ATTRS = frozenset(
    "gi_frame gi_code gi_yieldfrom cr_frame cr_code cr_await ag_frame ag_code ag_await f_back "
    "f_globals f_locals f_builtins f_code tb_frame tb_next mro format_map".split()
)
# __match_args__ may be defined: class patterns check what it names when they run.
ALLOWED_DUNDER_NAMES = frozenset(["__name__", "__doc__", "__import__", "__match_args__"])
REMOVED_BUILTINS = frozenset(
    "open eval exec compile breakpoint input help memoryview vars globals locals exit quit "
    "copyright credits license".split()
)
# Dunder-style names: the compiler does not mangle them inside class bodies.
MATCH_GUARD = "__gk_match_guard__"
OWN_GUARD = "__gk_own__"
AWAIT_CELL = "__gk_await_cell__"
AWAIT_KEEP = "__gk_await_keep__"
CELL_PLACEHOLDER = "__gk_cell__"
# Built-in C types a user class may derive from and keep its private attributes: none of them has
# a private attribute of its own, and instances keep user data only. (Not `super`, whose lookups
# walk another object's classes, nor descriptors or library classes.)
OWN_CLASS_BASES = (
    object, type, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset,
    *(v for v in vars(builtins).values() if isinstance(v, type) and issubclass(v, BaseException)),
)


class PolicyViolation(Exception):
    """Code rejected by the sandbox's Python-level policy."""


class ResultTooLarge(Exception):
    """A call's results (returned globals, rich results, output files) over max_result_bytes."""


def _is_under(name, prefix):
    return name == prefix or name.startswith(prefix + ".")




def _is_own_name(name):
    """Names the policy allows on objects of the agent's own classes only: private names
    (`_x`, `__x`, the latter mangled by the compiler) and `__dict__`."""
    return name == "__dict__" or (name.startswith("_") and not name.endswith("__"))


class OwnClasses:
    """The classes the agent's code made with a `class` statement (through the guarded
    `__build_class__`), by identity: a metaclass cannot make a library class pass for one (its
    result counts only if the class statement's metaclass is `type` or one of these), and
    `__class__` cannot be reassigned (the AST check and setattr refuse it)."""

    def __init__(self):
        self._refs = {}
        self._safe_bases = {id(k): k for k in OWN_CLASS_BASES}

    def _add(self, cls):
        key = id(cls)
        self._refs[key] = weakref.ref(cls, lambda ref: self._refs.get(key) is ref and self._refs.pop(key))

    def made_here(self, cls):
        ref = self._refs.get(id(cls))
        return ref is not None and ref() is cls

    def _base_ok(self, klass):
        return self.made_here(klass) or self._safe_bases.get(id(klass)) is klass

    def owns(self, cls):
        """Whether `cls` was made here and every class it looks names up in was too (or is a
        plain built-in type)."""
        return self.made_here(cls) and all(self._base_ok(k) for k in _mro_of(cls))

    def build_class(self, func, name, *bases, **kwds):
        cls = builtins.__build_class__(func, name, *bases, **kwds)
        metas = [kwds["metaclass"]] if "metaclass" in kwds else []
        metas += [type(b) for b in bases]
        if not isinstance(cls, type) or not all(isinstance(m, type) for m in metas):
            return cls
        winner = next((m for m in metas if all(issubclass(m, o) for o in metas)), type)
        if winner is type:
            fresh = type(cls) is type and all(isinstance(b, type) for b in bases)
        else:
            fresh = self.owns(winner) and winner in _mro_of(type(cls))
        if fresh and not self.made_here(cls):
            self._add(cls)
        return cls

    def check(self, obj, name):
        """Returns `obj` if code may read or write its attribute `name` (see _is_own_name)."""
        kind = type(obj)
        if kind is super:
            ok = self.owns(_super_self_class(obj))
        elif isinstance(obj, type):
            ok = self.owns(obj) and all(self._base_ok(k) for k in _mro_of(kind))
        else:
            ok = self.owns(kind)
        if not ok:
            raise PolicyViolation(
                f"access to attribute '{name}' of a {kind.__name__!s} object is not allowed in "
                "sandboxed code (private attributes and __dict__ are allowed on objects of classes "
                "defined by the agent's own code, deriving only from such classes or built-in types)"
            )
        return obj


_super_self_class = super.__dict__["__self_class__"].__get__


class ModuleProxy(types.ModuleType):
    """What sandboxed code gets instead of a module: public attributes only, and submodules
    only where the policy allows them."""


class Policy:
    def __init__(self, allowed, default_imports, forbidden):
        self.allowed = sorted(set(allowed))
        self.default_paths = sorted(set(default_imports.values()))
        # Modules that hand Python the JavaScript host or the interpreter's internals; the list
        # comes from the guild (FORBIDDEN_MODULES in src/config/executor-config.ts).
        self.forbidden = tuple(forbidden)
        self._proxies = {}
        self.own = OwnClasses()

    def forbidden_module(self, name):
        return next((m for m in self.forbidden if _is_under(name, m)), None)

    def allows(self, name):
        """Whether code may import `name`."""
        return not self.forbidden_module(name) and any(_is_under(name, e) for e in self.allowed)

    def _reachable(self, name):
        """Whether a module's public attributes may be used: imported or bound as a default."""
        return self.allows(name) or (
            not self.forbidden_module(name) and any(_is_under(name, e) for e in self.default_paths)
        )

    def _exposes(self, name):
        """A parent of an allowed dotted path is reachable, but only towards that path."""
        return self._reachable(name) or any(e.startswith(name + ".") for e in self.allowed)

    def denied(self, name):
        return ImportError(
            f"Import of '{name}' is not allowed. Allowed imports: {self.allowed}", name=name
        )

    def proxy(self, module):
        name = module.__name__
        cached = self._proxies.get(name)
        if cached is not None:
            return cached
        proxy = ModuleProxy(name, getattr(module, "__doc__", None))
        if self._reachable(name):
            for key, value in list(vars(module).items()):
                if not key.startswith("_") and not isinstance(value, types.ModuleType):
                    proxy.__dict__[key] = value
            if name == "importlib":
                proxy.__dict__["import_module"] = self.import_module
        proxy.__dict__["__getattr__"] = self._submodule_getter(module)
        self._proxies[name] = proxy
        return proxy

    def _submodule_getter(self, module):
        def __getattr__(attr):
            value = getattr(module, attr, None) if not attr.startswith("_") else None
            if isinstance(value, types.ModuleType):
                if self._exposes(value.__name__):
                    return self.proxy(value)
                raise self.denied(value.__name__)
            raise AttributeError(f"module '{module.__name__}' has no attribute '{attr}'")

        return __getattr__

    def import_module(self, name, package=None):
        if not isinstance(name, str) or name.startswith("."):
            raise ImportError("Relative imports are not allowed in sandboxed code")
        if not self.allows(name):
            raise self.denied(name)
        return self.proxy(importlib.import_module(name))

    def guarded_import(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level != 0:
            raise ImportError("Relative imports are not allowed in sandboxed code")
        if not isinstance(name, str) or not name:
            raise ImportError("Import needs a module name")
        if fromlist:
            if not self.allows(name):
                if not any(e.startswith(name + ".") for e in self.allowed):
                    raise self.denied(name)
                for item in fromlist:
                    target = name if item == "*" else f"{name}.{item}"
                    if not self.allows(target):
                        raise self.denied(target)
            module = importlib.import_module(name)
            for item in fromlist:
                child = f"{name}.{item}"
                if item != "*" and self.allows(child) and not hasattr(module, item):
                    try:
                        importlib.import_module(child)
                    except ModuleNotFoundError:
                        pass
            return self.proxy(module)
        if not self.allows(name):
            raise self.denied(name)
        importlib.import_module(name)
        return self.proxy(sys.modules[name.partition(".")[0]])

    def safe_builtins(self):
        table = {k: v for k, v in vars(builtins).items() if k not in REMOVED_BUILTINS}
        table["__import__"] = self.guarded_import
        own = self.own

        def checked(obj, name):
            _check_attr_name(name)
            if _is_own_name(name):
                own.check(obj, name)

        def getattr_(obj, name, *default):
            checked(obj, name)
            return getattr(obj, name, *default)

        def setattr_(obj, name, value):
            checked(obj, name)
            if name == "__class__":
                raise PolicyViolation("assigning __class__ is not allowed in sandboxed code")
            setattr(obj, name, value)

        def delattr_(obj, name):
            checked(obj, name)
            delattr(obj, name)

        def hasattr_(obj, name):
            checked(obj, name)
            return hasattr(obj, name)

        table["getattr"] = getattr_
        table["setattr"] = setattr_
        table["delattr"] = delattr_
        table["hasattr"] = hasattr_
        table["__build_class__"] = own.build_class
        table[MATCH_GUARD] = _match_guard
        table[OWN_GUARD] = own.check
        table[AWAIT_CELL] = _await_cell
        table[AWAIT_KEEP] = _await_keep
        for key in ("__loader__", "__spec__"):
            table.pop(key, None)
        return table

    def check(self, tree):
        """Refuses what the policy forbids, then guards what it cannot see: returns the tree to run."""
        for node in ast.walk(tree):
            problem = _violation(node)
            if problem:
                line = getattr(node, "lineno", "?")
                raise PolicyViolation(f"{problem} (line {line}); the sandbox policy forbids it")
        return ast.fix_missing_locations(_OwnGuards().visit(_MatchGuards().visit(tree)))


class _OwnGuards(ast.NodeTransformer):
    """`obj._x` and `obj.__dict__` become `__gk_own(obj, '_x')._x`: the object is checked when
    the access runs, in every context (load, store, delete, augmented assignment)."""

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if _is_own_name(node.attr):
            guard = ast.Call(
                ast.Name(OWN_GUARD, ast.Load()), [node.value, ast.Constant(node.attr)], []
            )
            node.value = ast.copy_location(guard, node.value)
            ast.copy_location(guard.func, node.value)
        return node


class _MatchGuards(ast.NodeTransformer):
    """A class pattern with positional sub-patterns reads the attributes its class names in
    `__match_args__`: an attribute access the AST check cannot see. Each such `match` statement is
    preceded by a call that checks those names (as getattr would) right before the match runs."""

    def visit_Match(self, node):
        self.generic_visit(node)
        guards = [
            ast.Expr(
                ast.Call(
                    ast.Name(MATCH_GUARD, ast.Load()),
                    [pattern.cls, ast.Constant(len(pattern.patterns))],
                    [],
                )
            )
            for case in node.cases
            for pattern in ast.walk(case.pattern)
            if isinstance(pattern, ast.MatchClass) and pattern.patterns
        ]
        for guard in guards:
            ast.copy_location(guard, node)
            ast.copy_location(guard.value, node)
        return [*guards, node] if guards else node


# The real lookup order and namespace of a class, whatever its metaclass claims.
_mro_of = type.__dict__["__mro__"].__get__
_dict_of = type.__dict__["__dict__"].__get__


def _match_guard(cls, count):
    """Refuses a class pattern whose positional attributes the policy would refuse to getattr."""
    if not isinstance(cls, type):
        return  # the match itself raises TypeError
    for klass in _mro_of(type(cls)):
        if klass is type or klass is object:
            continue
        hooks = {"__match_args__", "__getattribute__", "__getattr__"} & set(_dict_of(klass))
        if hooks:
            raise PolicyViolation(
                f"class pattern on {cls.__name__!s}: its metaclass defines {sorted(hooks)[0]}"
            )
    for klass in _mro_of(cls):
        namespace = _dict_of(klass)
        if "__match_args__" in namespace:
            names = namespace["__match_args__"]
            if type(names) is not tuple:
                return  # the match itself raises TypeError
            for name in names[:count]:
                if not isinstance(name, str) or _bad_attr(name):
                    raise PolicyViolation(
                        f"class pattern on {cls.__name__!s} reads attribute {name!r}; "
                        "the sandbox policy forbids it"
                    )
            return


def _check_attr_name(name):
    """Refuses a name whatever the object; own names are then checked against the object."""
    if not isinstance(name, str):
        raise TypeError("attribute name must be a string")
    if _bad_attr(name) and not _is_own_name(name):
        raise PolicyViolation(f"access to attribute '{name}' is not allowed in sandboxed code")


def _bad_attr(name):
    return (name.startswith("_") and name not in ALLOWED_DUNDER_ATTRS) or name in BLOCKED_ATTRS


def _violation(node):
    if isinstance(node, ast.Attribute):
        if node.attr == "__class__" and not isinstance(node.ctx, ast.Load):
            return "assigning or deleting '__class__'"
        if _bad_attr(node.attr) and not _is_own_name(node.attr):
            return f"attribute '{node.attr}'"
    if isinstance(node, ast.MatchClass):
        bad = [a for a in node.kwd_attrs if _bad_attr(a)]
        if bad:
            return f"attribute '{bad[0]}' in a class pattern"
    if isinstance(node, ast.Name):
        if node.id.startswith("__") and node.id not in ALLOWED_DUNDER_NAMES:
            return f"name '{node.id}'"
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and (node.name or "").startswith("__"):
        return f"name '{node.name}'"
    if isinstance(node, ast.ImportFrom):
        bad = [a.name for a in node.names if a.name.startswith("_")]
        if bad:
            return f"importing private name '{bad[0]}'"
    return None


def _to_json(value, depth, seen):
    """Returns (json_value, exact): non-JSON parts become their repr and mark the result inexact."""
    if value is None or isinstance(value, (bool, str)):
        return value, True
    if isinstance(value, int):
        return (value, True) if abs(value) <= 2**53 else (str(value), False)
    if isinstance(value, float):
        return (value, True) if math.isfinite(value) else (repr(value), False)
    if depth >= MAX_DEPTH or id(value) in seen:
        return _safe_repr(value), False
    if isinstance(value, (list, tuple, dict)):
        seen = seen | {id(value)}
        exact = True
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                out[k if isinstance(k, str) else str(k)], ok = _to_json(v, depth + 1, seen)
                exact = exact and ok and isinstance(k, str)
            return out, exact
        items = []
        for v in value:
            converted, ok = _to_json(v, depth + 1, seen)
            items.append(converted)
            exact = exact and ok
        return items, exact
    return _safe_repr(value), False


def _safe_repr(value):
    try:
        return repr(value)
    except Exception as e:  # a user __repr__ may fail
        return f"<unrepresentable {type(value).__name__}: {type(e).__name__}>"


def _describe(exc, tb):
    """The exception with its traceback, leaving out this runtime's own frames."""
    report = traceback.TracebackException(type(exc), exc, tb, compact=True)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if frame.filename != RUNTIME_FILE]
    )
    return {
        "type": type(exc).__name__,
        "message": _clip(_safe_str(exc), MAX_MESSAGE_CHARS),
        "traceback": _clip("".join(report.format()), MAX_TRACEBACK_CHARS, keep_end=True),
    }


def _clip(text, limit, keep_end=False):
    """At most `limit` characters (the frame carries an exception beside the results)."""
    if len(text) <= limit:
        return text
    cut = f"[{len(text) - limit} characters cut]"
    return cut + "\n" + text[-limit:] if keep_end else text[:limit] + cut


class _NoSelector:
    """The selector of a loop with no I/O: waiting for the next timer is a (interruptible) spin,
    and waiting with nothing scheduled could never end, so it fails."""

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError(
                "awaiting something that can never complete in the sandbox (nothing is scheduled "
                "on the event loop; JavaScript promises and I/O cannot be awaited synchronously)"
            )
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pass
        return []

    def close(self):
        pass


def _call_loop():
    import asyncio

    class CallLoop(asyncio.BaseEventLoop):
        """A private event loop that runs a coroutine to completion within the call."""

        def __init__(self):
            super().__init__()
            self._selector = _NoSelector()

        def _process_events(self, event_list):
            pass

        def _write_to_self(self):
            pass

    return CallLoop()


def run_coroutine(main, *, debug=None, loop_factory=None):
    """`asyncio.run` in the sandbox: Pyodide's needs WebAssembly stack switching, which Node
    does not offer, so the coroutine runs to completion on a private loop, within the call
    (and its deadline). Tasks still pending at the end are cancelled, as asyncio.run does."""
    import asyncio
    from asyncio import events

    if not asyncio.iscoroutine(main):
        raise ValueError(f"a coroutine was expected, got {_safe_repr(main)}")
    outer = events._get_running_loop()
    if getattr(outer, "_selector", None).__class__ is _NoSelector:
        main.close()
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    loop = _call_loop()
    events._set_running_loop(None)
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
            events._set_running_loop(outer)


def _install_asyncio_run():
    import asyncio

    asyncio.run = run_coroutine


_install_asyncio_run()
_kept = [None]


def _await_cell(code):
    """Runs a cell compiled with top-level await (its namespace is the caller's), or with None
    hands back the value of its last expression."""
    if code is None:
        value, _kept[0] = _kept[0], None
        return value
    _kept[0] = None
    return run_coroutine(eval(code, sys._getframe(1).f_globals))


def _await_keep(value):
    _kept[0] = value


# Without a policy, cells run with the real builtins: the driver must be found there too.
setattr(builtins, AWAIT_CELL, _await_cell)
setattr(builtins, AWAIT_KEEP, _await_keep)


def _compile_awaiting(tree, filename):
    """(body, display) for a cell with top-level `await`/`async for`/`async with`, else None.
    The body drives the cell's coroutine to completion through `_await_cell`."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    if not compile(tree, filename, "exec", flags=flags).co_flags & CO_COROUTINE:
        return None
    display = None
    last = tree.body[-1]
    if isinstance(last, ast.Expr):
        keep = ast.Call(ast.Name(AWAIT_KEEP, ast.Load()), [last.value], [])
        tree.body[-1] = ast.copy_location(ast.Expr(ast.copy_location(keep, last.value)), last)
        ast.fix_missing_locations(tree)
        display = compile(f"{AWAIT_CELL}(None)", RUNTIME_FILE, "eval")
    inner = compile(tree, filename, "exec", flags=flags)
    # The cell's code object rides in the body's constants: nothing to register or evict.
    body = compile(f"{AWAIT_CELL}({CELL_PLACEHOLDER!r})", RUNTIME_FILE, "exec")
    consts = tuple(inner if c == CELL_PLACEHOLDER else c for c in body.co_consts)
    return body.replace(co_consts=consts), display


class Interpreter:
    """One agent's persistent namespace. `run` never raises for anything the code does."""

    def __init__(self, policy=None, default_imports=None, private_roots=()):
        self.policy = policy
        self.namespace = {"__name__": "__main__", "__doc__": None}
        self.builtins = policy.safe_builtins() if policy else dict(builtins.__dict__)
        self.builtins["display"] = _io.display
        self.builtins["input"] = _io.input
        if policy:
            self.builtins["open"] = _open_within(tuple(private_roots))
        self.cells = 0
        self._code_cache = {}
        for alias, path in (default_imports or {}).items():
            module = importlib.import_module(path)
            self.namespace[alias] = policy.proxy(module) if policy else module

    def _compile(self, code):
        cached = self._code_cache.get(code)
        if cached is not None:
            return cached
        # A blank call (the pool's priming call) is not a cell: the user's first cell stays <cell-1>.
        if code.strip():
            self.cells += 1
        filename = f"<cell-{self.cells}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        stale = f"<cell-{self.cells - MAX_CELLS_IN_LINECACHE}>"
        linecache.cache.pop(stale, None)
        tree = ast.parse(code, filename, "exec")
        if self.policy:
            tree = self.policy.check(tree)
        compiled = _compile_awaiting(tree, filename) if "async" in code or "await" in code else None
        if compiled is None:
            display = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
                display = compile(last, filename, "eval")
            compiled = (compile(tree, filename, "exec"), display)
        if len(self._code_cache) >= MAX_CODE_CACHE:
            self._code_cache.pop(next(iter(self._code_cache)))
        self._code_cache[code] = compiled
        return compiled

    def _globals(self, names, result):
        for name in names:
            if name in self.namespace:
                result["globals"][name], exact = _to_json(self.namespace[name], 0, frozenset())
                if not exact:
                    result["reprGlobals"].append(name)

    def run(self, code, call_json="{}"):
        """Runs one call; returns the result as JSON of at most `maxResultBytes` (what does not
        fit, or cannot be converted, becomes the call's exception; the namespace is kept).
        `call_json`: {"globals", "returnGlobals", "maxResultBytes", "stdin", "stream"}."""
        result = {
            "exception": None,
            "globals": {},
            "reprGlobals": [],
            "interrupted": False,
            "results": [],
        }
        # A deadline or cancel can fire at any point of this method, even before the code starts:
        # every statement that can be interrupted is inside the handler (one that fires as Python
        # enters this method reaches the interpreter thread, which reports it the same way).
        try:
            call = json.loads(call_json)
            max_result_bytes = call.get("maxResultBytes") or MAX_RESULT_BYTES
            max_results = call.get("maxResults") or MAX_RESULTS
            ns = self.namespace
            _calls.begin()
            _io.begin(call.get("stdin"), call.get("stream", False), max_results, max_result_bytes)
            try:
                if call.get("globals"):
                    ns.update(call["globals"])
                ns["__builtins__"] = self.builtins
                body, display = self._compile(code)
                # Pyodide's own call path can consume an interrupt that lands before this code
                # runs; the deadline is then seen here instead of lost.
                if _deadline.passed():
                    raise KeyboardInterrupt
                _deadline.user_code(True)
                try:
                    exec(body, ns)
                finally:
                    _deadline.user_code(False)
                if display is not None:
                    value = eval(display, ns)
                    if value is not None:
                        result["display"] = _safe_repr(value)
                        _io.display(value, main=True)
                _io.collect_figures()
            except BaseException as e:
                if isinstance(e, KeyboardInterrupt):
                    result["interrupted"] = True
                result["exception"] = _describe(e, e.__traceback__)
            finally:
                # Figures the code left open (it failed, or showing them did) are not the next
                # call's results.
                _io.close_figures()
            try:
                result["results"] = _io.results
                self._globals(call.get("returnGlobals") or [], result)
                text = json.dumps(result, ensure_ascii=False)
            except BaseException as e:
                if isinstance(e, KeyboardInterrupt):
                    raise
                text = _failed_conversion(result, e)
            if len(text) * 4 > max_result_bytes and len(text.encode(errors="surrogatepass")) > max_result_bytes:
                text = _failed_conversion(result, None, max_result_bytes)
            sys.stdout.flush()
            sys.stderr.flush()
        except KeyboardInterrupt:
            result["interrupted"] = True
            result["globals"], result["reprGlobals"], result["results"] = {}, [], []
            result.pop("display", None)
            if result["exception"] is None:
                result["exception"] = {"type": "KeyboardInterrupt", "message": "", "traceback": ""}
            text = json.dumps(result, ensure_ascii=False)
        # At most two interrupts come per call (the deadline and the output cap).
        for _ in range(3):
            try:
                _calls.end()
                break
            except KeyboardInterrupt:
                pass
        return text


def _failed_conversion(result, error, limit=None):
    """The result without its values, whose conversion failed or which is over `limit`."""
    if error is None:
        exception = {
            "type": "ResultTooLarge",
            "message": f"the returned globals, display value and results exceed max_result_bytes ({limit} bytes)",
            "traceback": "",
        }
    else:
        exception = {
            "type": type(error).__name__,
            "message": f"returning globals failed: {_clip(_safe_str(error), 1000)}",
            "traceback": "",
        }
    slim = {
        "exception": result["exception"] or exception,
        "globals": {},
        "reprGlobals": [],
        "interrupted": result["interrupted"],
        "results": [],
    }
    return json.dumps(slim, ensure_ascii=False)


def _safe_str(error):
    try:
        return str(error)
    except BaseException:
        return type(error).__name__


class _CallScope:
    """Nothing an agent schedules outlives its call: asyncio callbacks and task steps scheduled
    during a call are cancelled when it ends, and any scheduled between calls (a timer's
    completion waking a task) are cancelled at once, so no agent code runs outside a deadline."""

    def __init__(self):
        self.active = False
        self.handles = []
        self._patched = None

    def _patch(self):
        import asyncio

        loop = asyncio.get_event_loop()
        if self._patched is loop:
            return
        schedule = loop.call_later

        def call_later(delay, callback, *args, context=None):
            handle = schedule(delay, callback, *args, context=context)
            if self.active:
                self.handles.append(handle)
            else:
                handle.cancel()
            return handle

        loop.call_later = call_later
        self._patched = loop

    def begin(self):
        self._patch()
        self.active = True

    def end(self):
        import asyncio

        self.active = False
        handles, self.handles = self.handles, []
        try:
            # None when the call was interrupted before it began: there is nothing to cancel.
            for task in asyncio.all_tasks(self._patched) if self._patched is not None else ():
                task.cancel()
        finally:
            # Runs even when a late interrupt lands in the loop above.
            for handle in handles:
                handle.cancel()


_calls = _CallScope()


# Fallbacks for a call that names no limits (the warm-up's): the guild always sends both
# (MAX_RESULTS_PER_CALL and max_result_bytes in src/).
MAX_RESULTS = 100
MAX_RESULT_BYTES = 8 * 2**20
# What a rich result carries, as Jupyter's display protocol: MIME type -> the object's method.
MIME_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("application/json", "_repr_json_"),
    ("text/latex", "_repr_latex_"),
)


def _mime_bundle(value):
    """The MIME bundle of `value`: its repr, plus what its `_repr_*_` methods return (binary
    images as base64, JSON as a value); a method that fails is left out."""
    data = {"text/plain": _safe_repr(value)}
    for mime, method in MIME_METHODS:
        if getattr(type(value), method, None) is None:
            continue
        try:
            out = getattr(value, method)()
        except Exception:
            continue
        if isinstance(out, tuple):
            out = out[0]  # (data, metadata)
        if out is None:
            continue
        if isinstance(out, (bytes, bytearray)):
            out = base64.b64encode(bytes(out)).decode("ascii")
        elif mime == "application/json":
            out, exact = _to_json(out, 0, frozenset())
            if not exact:
                continue
        elif not isinstance(out, str):
            out = str(out)
        data[mime] = out
    return data


class _CallIO:
    """What a call reads and shows besides stdout: its stdin (`input()`, `sys.stdin`), and rich
    results from `display()`, the last expression and open matplotlib figures. Streamed results
    go to the interpreter thread's hook as they happen; the others come back with the call's result."""

    def __init__(self):
        self.results = []
        self.shown = 0
        self.max_results = MAX_RESULTS
        self.max_bytes = MAX_RESULT_BYTES
        self.stdin = io.StringIO("")
        self.stream = False
        self.emit = lambda item_json: None

    def begin(self, stdin, stream, max_results, max_bytes):
        self.results = []
        self.shown = 0
        self.max_results = max_results
        self.max_bytes = max_bytes
        self.stdin = io.StringIO(stdin or "")
        sys.stdin = self.stdin
        self.stream = bool(stream)

    def display(self, *objects, main=False):
        """Streamed or not, a call shows at most `max_results` results; a streamed one goes out
        only if it fits max_result_bytes (kept ones are checked with the whole call result)."""
        for value in objects:
            if self.shown >= self.max_results:
                raise ValueError(f"display(): at most {self.max_results} results per call")
            item = {"isMainResult": main, "data": _mime_bundle(value)}
            self.shown += 1
            if not self.stream:
                self.results.append(item)
                continue
            text = json.dumps(item, ensure_ascii=False)
            size = len(text.encode(errors="surrogatepass"))
            if size > self.max_bytes:
                raise ResultTooLarge(
                    f"display(): a result of {size} bytes exceeds max_result_bytes ({self.max_bytes} bytes)"
                )
            self.emit(text)

    def input(self, prompt=""):
        if prompt:
            print(prompt, end="", flush=True)
        line = self.stdin.readline()
        if not line:
            raise EOFError("EOF when reading a line: the request's stdin is used up")
        return line[:-1] if line.endswith("\n") else line

    def collect_figures(self):
        """Every open matplotlib figure becomes an image/png result, then is closed."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return
        for number in pyplot.get_fignums():
            buffer = io.BytesIO()
            pyplot.figure(number).savefig(buffer, format="png")
            self.display(_Png(buffer.getvalue()))
        pyplot.close("all")

    def close_figures(self):
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            try:
                pyplot.close("all")
            except Exception:
                pass


class _Png:
    def __init__(self, data):
        self.data = data

    def __repr__(self):
        return "<Figure>"

    def _repr_png_(self):
        return self.data


_io = _CallIO()


def set_display_hook(emit):
    """Installs the interpreter thread's hook that streams one result (its JSON) to the guild."""
    _io.emit = emit


def set_flush_hook(flush):
    """Installs the interpreter thread's hook that sends the output it holds back for batching.
    That thread cannot run while Python blocks, so `time.sleep` calls it first: what the code
    printed just before it waits is seen while it waits."""
    sleep = time.sleep

    def _sleep(seconds):
        flush()
        return sleep(seconds)

    time.sleep = _sleep


def _open_within(roots):
    """`open()` for sandboxed code: the agent's own files only, under `roots` (its home directory
    and /tmp, as the interpreter's filesystem guard names them)."""
    where = " or ".join(roots)

    def open(file, mode="r", *args, **kwargs):
        if not isinstance(file, (str, bytes, os.PathLike)):
            raise PermissionError(f"open() takes a path under {where}")
        path = os.path.realpath(os.path.abspath(os.fsdecode(file)))
        if not any(path == root or path.startswith(root + "/") for root in roots):
            raise PermissionError(f"open(): only files under {where} can be opened, not {path!r}")
        return io.open(path, mode, *args, **kwargs)

    return open


class _Deadline:
    """The interpreter's control buffer as Python sees it: whether the call's deadline has passed,
    and telling the thread that keeps the deadline when the agent's own code runs (so a lost interrupt is set again
    there, never inside the runtime)."""

    def __init__(self):
        self.passed = lambda: False
        self.user_code = lambda running: None


_deadline = _Deadline()


def set_deadline_hooks(passed, user_code):
    """Installs the interpreter thread's hooks (JS functions) into its control buffer."""
    _deadline.passed = passed
    _deadline.user_code = user_code


WARM_UP = (
    "x = 1",
    "def f(a):\n    return [a * 2 for _ in range(2)]\nclass C:\n    pass\nx = {'k': f(x)}\nx",
    "1/0",
    "if True print(1)",
    "import os",
)


def warm_up(policy_json):
    """Runs typical code once in a throwaway interpreter so the first real call is fast."""
    interpreter = create(policy_json)
    for code in WARM_UP:
        interpreter.run(code, '{"globals": {"y": [1.5, "s"]}, "returnGlobals": ["x", "y"]}')


def create(policy_json):
    """Builds an Interpreter from a RuntimePolicy (src/sandbox/protocol/interpreter-policy.ts):
    {"restricted", "whitelist", "defaultImports", "forbiddenModules", "privateRoots"}."""
    config = json.loads(policy_json)
    defaults = config.get("defaultImports") or {}
    policy = None
    if config.get("restricted"):
        policy = Policy(config.get("whitelist") or [], defaults, config.get("forbiddenModules") or [])
    return Interpreter(policy, defaults, config.get("privateRoots") or ())
