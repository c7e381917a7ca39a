#!/bin/sh
# make demo: a real sandboxed session with an allowed and a denied access.
set -u
syd=./syd
bb=/bin/busybox
dir=$(mktemp -d /tmp/syd-demo.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "public data" > "$dir/public.txt"
echo "top secret" > "$dir/secret.txt"
ln -s secret.txt "$dir/innocent-link"
rules="-poff -m sandbox/read,stat:on -m allow/read,stat+/*** -m deny/read+$dir/secret.txt"

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say "syd $rules -- $bb cat $dir/public.txt"
$syd $rules -- $bb cat "$dir/public.txt"
echo "(exit $?: allowed)"

say "syd $rules -- $bb cat $dir/secret.txt"
$syd $rules -- $bb cat "$dir/secret.txt"
echo "(exit $?: denied, with the JSON access-violation line above)"

say "syd $rules -- $bb cat $dir/innocent-link   # a symlink to the secret"
$syd $rules -- $bb cat "$dir/innocent-link"
echo "(exit $?: denied: rules apply to the canonical path)"

say "syd -- true   # no profile: secure by default"
$syd -- true
echo "(exit $?: exec denied by the default policy)"

key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
crypt="-poff -m sandbox/crypt:on -m crypt+$dir/vault/** -m crypt/key:<random>"
mkdir -p "$dir/vault"
say "syd $crypt -- $bb sh -c 'echo my diary >$dir/vault/diary; cat $dir/vault/diary'"
$syd -poff -m sandbox/crypt:on -m "crypt+$dir/vault/**" -m "crypt/key:$key" \
    -- $bb sh -c "echo my diary >$dir/vault/diary; cat $dir/vault/diary"
echo "(exit $?: plain data inside the sandbox)"
say "od -c $dir/vault/diary | head -n 3   # outside: the syd crypt format"
od -c "$dir/vault/diary" | head -n 3
say "syd --aes -d -k <key> <$dir/vault/diary"
$syd --aes -d -k "$key" <"$dir/vault/diary"
echo "(exit $?: recovered with the key)"
