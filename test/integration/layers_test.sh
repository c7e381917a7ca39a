#! /usr/bin/env atf-sh
# The source tree's floors (issue 18): no include runs up a floor or
# across one, no include circle (mk/layers.py, also `make layers`).

. "$(atf_get_srcdir)/common.subr"

atf_test_case layers
layers_head()
{
	atf_set descr "src/ and crypto/ include only their own directory" \
	    "and lower floors, with no circle"
	atf_set require.progs python3
}
layers_body()
{
	top=$(atf_config_get bindir)
	[ -f "$top/mk/layers.py" ] || atf_skip "no source tree at $top"
	cd "$top" || atf_fail "cannot enter $top"
	atf_check -o match:'no include up a floor, no circle' \
	    python3 mk/layers.py
}

atf_init_test_cases()
{
	atf_add_test_case layers
}
