# testlib.sh: PASS/FAIL reporting for shell tests (counted by tests/run-tests)
PASSED=0
FAILED=0
check() { # check DESCRIPTION COMMAND...
    local desc=$1
    shift
    if "$@"; then
        echo "PASS: $desc"; PASSED=$((PASSED + 1))
    else
        echo "FAIL: $desc"; FAILED=$((FAILED + 1))
    fi
}
# json-c 0.16 (Debian 12) pretty-prints an empty array or object over two
# lines, "[\n<indent>]", 0.18 (Debian 13) as "[]": expected and actual
# output are compared in the second form; nothing else is rewritten
json_empty() { sed -z -e 's/\[\n *\]/[]/g' -e 's/{\n *}/{}/g'; }

contains() { # contains HAYSTACK NEEDLE
    case $1 in *"$2"*) return 0 ;; esac
    echo "  expected to find: $2" >&2
    echo "  in: $1" >&2
    return 1
}
lacks() { # lacks HAYSTACK NEEDLE
    case $1 in *"$2"*) echo "  did not expect: $2 in: $1" >&2; return 1 ;; esac
    return 0
}
finish() { [ "$FAILED" -eq 0 ]; }
need_root() { # tests that use namespaces, mounts or chroot skip (automake's 77) without
               # root, and in a package build (VIRT_AP_TEST_UNPRIVILEGED=1)
    [ "$(id -u)" = 0 ] && [ -z "${VIRT_AP_TEST_UNPRIVILEGED:-}" ] && return 0
    echo "SKIP: $1 needs root (unshare, chroot, mount); run ./scripts/check as root"
    exit 77
}
