# make bench: the table and the derived lines, from the samples run.sh
# recorded as "ROW COLUMN VALUE" lines (VALUE a number or "fail").
# Variables: cols (the columns, in order), find (the tree walked).

function row(id, label, scale, parent) {
	rows[++nrow] = id
	lab[id] = label
	div[id] = scale
	par[id] = parent
}

BEGIN {
	row("stat", "stat loop, us/call", 1000, "")
	row("calls", "  syd's own calls per checked stat", 1000, "-")
	row("stat_offn", "  native, longer run (off lines)", 1000, "-")
	row("stat_off", "  syd -poff", 1000, "stat_offn")
	row("stat_wr", "  syd write on (stat unchecked)", 1000, "stat_offn")
	row("r10", "  syd stat, 10 rules before match", 1000, "stat")
	row("r100", "  syd stat, 100 rules", 1000, "stat")
	row("r1000", "  syd stat, 1000 rules", 1000, "stat")
	row("open", "open+read+close loop, us/call", 1000, "")
	row("calls_open", "  syd's own calls per checked open", 1000, "-")
	row("open_offn", "  native, longer run (off lines)", 1000, "-")
	row("open_off", "  syd -poff", 1000, "open_offn")
	row("open_wr", "  syd write on (O_RDONLY passes)", 1000, "open_offn")
	row("find", "find " find ", ms", 1, "")
	row("cpu_find", "  CPU time (user+sys), ms", 1, "")
	row("rss_find", "  syd peak RSS (VmHWM), MiB", 1024, "-")
	row("connect", "connect+close loop, us/call", 1000, "")
	row("exec", "fork+exec /bin/true, us/call", 1000, "")
	row("exec_pt", "  floor with syd's ptrace stops", 1000, "exec")
	row("startup", "start-up of `COLUMN true`, ms", 1e6, "")
	row("startup_bb", "  bwrap --bind / / true", 1e6, "startup")
	row("build", "make -j2 libseccomp (25 .c), s", 1000, "")
	row("cpu_build", "  CPU time (user+sys), s", 1000, "")
	row("rss_build", "  syd peak RSS (VmHWM), MiB", 1024, "-")
	row("build_ll", "  syd, Landlock-expressible policy", 1000, "build")
	row("cpu_build_ll", "    its CPU time (user+sys), s", 1000, "cpu_build")
	ncol = split(cols, col, " ")
}

{
	k = $1 SUBSEP $2
	if ($3 == "fail")
		failed[k] = 1
	else
		v[k, ++n[k]] = $3 + 0
}

# Sorts the samples of key k in place (a handful: insertion sort).
function sortk(k,   i, j, t) {
	for (i = 2; i <= n[k]; i++)
		for (j = i; j > 1 && v[k, j - 1] > v[k, j]; j--) {
			t = v[k, j]; v[k, j] = v[k, j - 1]; v[k, j - 1] = t
		}
}

function med(r, c,   k, m) {
	k = r SUBSEP c
	if (!(k in n))
		return ""
	sortk(k)
	m = n[k]
	return m % 2 ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
}

function fmt(x) {
	if (x == "")
		return "-"
	if (x < 10)
		return sprintf("%.2f", x)
	if (x < 100)
		return sprintf("%.1f", x)
	return sprintf("%.0f", x)
}

function cell(r, c,   k) {
	k = r SUBSEP c
	if (k in failed)
		return "fail"
	return k in n ? fmt(med(r, c) / div[r]) : "-"
}

function range(r, c,   k) {
	k = r SUBSEP c
	if (!(k in n))
		return ""
	sortk(k)
	return fmt(v[k, 1] / div[r]) "-" fmt(v[k, n[k]] / div[r])
}

function ratio(a, b) {
	return (a == "" || b == "" || b == 0) ? "" : a / b
}

# The syd/native column: a variant row is compared with its parent's
# native median, the bwrap start-up row with bwrap.
function vsnative(r,   p, c) {
	p = par[r] == "" ? r : par[r]
	if (p == "-")
		return ""
	c = r == "startup_bb" ? "bwrap" : r == "exec_pt" ? "floor" : "syd"
	return ratio(med(r, c), med(p, "native"))
}

function any(r,   i) {
	for (i = 1; i <= ncol; i++)
		if ((r SUBSEP col[i]) in n || (r SUBSEP col[i]) in failed)
			return 1
	return 0
}

# x == "" is "not measured"; a text x is why the number means nothing.
function target(name, x, limit, le) {
	if (x == "" || x !~ /^-?[0-9.e+-]+$/)
		printf "  %-52s %8s   target %s %s  n/a (%s)\n",
		    name, "-", le ? "<=" : "<", limit,
		    x == "" ? "not measured" : x
	else
		printf "  %-52s %8.3f   target %s %s  %s\n", name, x,
		    le ? "<=" : "<", limit,
		    (le ? x <= limit : x < limit) ? "PASS" : "MISS"
}

# How many bare round trips' worth syd costs; meaningless (a reason is
# returned) when noise put the floor at or below native.
function overhead(r,   s, f, nat) {
	s = med(r, "syd")
	f = med(r, "floor")
	nat = med(r, "native")
	if (s == "" || f == "" || nat == "")
		return ""
	if (f <= nat)
		return "noise: floor not above native"
	return (s - nat) / (f - nat)
}

# A derived line without a target: name, x (skipped when not
# measured) and why it is shown.
function noted(name, x, why) {
	if (x != "")
		printf "  %-52s %8.2f   (%s)\n", name, x, why
}

# The least row r's checked call can cost: the floor's round trip plus
# syd's own calls timed natively (row c, bench/calls.c), in bare round
# trips; not shown when noise put the floor at or below native.
function bound(r, c, name,   f, nat, cl) {
	f = med(r, "floor"); nat = med(r, "native"); cl = med(c, "native")
	if (f != "" && nat != "" && cl != "" && f > nat)
		noted(name, (f + cl - nat) / (f - nat),
		    "the least syd's design allows here")
}

END {
	printf "%-34s", "workload (median, then min-max)"
	for (i = 1; i <= ncol; i++)
		printf " %11s", col[i]
	printf " %8s\n", "syd/nat"
	for (j = 1; j <= nrow; j++) {
		r = rows[j]
		if (!any(r))
			continue
		printf "%-34s", lab[r]
		for (i = 1; i <= ncol; i++)
			printf " %11s", cell(r, col[i])
		x = vsnative(r)
		printf " %8s\n", x == "" ? "" : sprintf("%.2f", x)
		printf "%-34s", ""
		for (i = 1; i <= ncol; i++)
			printf " %11s", range(r, col[i])
		printf "\n"
	}

	print ""
	print "derived (medians of this run):"
	target("checked stat overhead (syd-nat)/(floor-nat)", overhead("stat"), 1.5, 1)
	target("checked open+read+close overhead (syd-nat)/(floor-nat)", overhead("open"), 1.5, 1)
	target("fork+exec: syd / native", ratio(med("exec", "syd"), med("exec", "native")), 1.3, 1)
	split("find connect exec build", o, " ")
	for (i = 1; i <= 4; i++) {
		x = overhead(o[i])
		if (x ~ /^-?[0-9.e+-]+$/)
			printf "  %-52s %8.2f   (no target)\n",
			    o[i] " overhead (syd-nat)/(floor-nat)", x
		else if (x != "")
			printf "  %-52s %8s   (no target) n/a (%s)\n",
			    o[i] " overhead (syd-nat)/(floor-nat)", "-", x
	}
	# The least a checked stat and open can cost in syd's design: the
	# floor's round trip plus the calls syd must make itself
	# (bench/calls.c).
	bound("stat", "calls", "checked stat bound (floor+own calls-nat)/(floor-nat)")
	bound("open", "calls_open", "checked open bound (floor+own calls-nat)/(floor-nat)")
	noted("fork+exec: floor / native", ratio(med("exec", "floor"),
	    med("exec", "native")), "no notified supervisor does better")
	noted("fork+exec: floor with syd's ptrace stops / native",
	    ratio(med("exec_pt", "floor"), med("exec", "native")),
	    "nor one that takes syd's stops")
	ns = med("stat_offn", "native"); no = med("open_offn", "native")
	target("off: stat, syd -poff / native", ratio(med("stat_off", "syd"), ns), 1.05, 1)
	target("off: stat, syd write on / native", ratio(med("stat_wr", "syd"), ns), 1.05, 1)
	target("off: open, syd -poff / native", ratio(med("open_off", "syd"), no), 1.05, 1)
	target("off: open O_RDONLY, syd write on / native", ratio(med("open_wr", "syd"), no), 1.05, 1)
	target("real build: syd / native wall time", ratio(med("build", "syd"), med("build", "native")), 1.15, 1)
	target("real build, Landlock-expressible policy: syd / native",
	    ratio(med("build_ll", "syd"), med("build", "native")), 1.05, 1)
	noted("real build: floor / native wall time", ratio(med("build",
	    "floor"), med("build", "native")),
	    "no supervisor that is notified does better")
	noted("real build: syd / native CPU time (all processes)",
	    ratio(med("cpu_build", "syd"), med("cpu_build", "native")),
	    "no target")
	s = med("startup", "syd")
	bb = med("startup_bb", "bwrap")
	if (s == "" || bb == "")
		printf "  %-52s %8s   target: syd no slower  n/a (not measured)\n",
		    "start-up: syd -poff true vs bwrap --bind / / true", "-"
	else
		printf "  %-52s %8s   target: syd no slower  %s\n",
		    "start-up: syd -poff true vs bwrap --bind / / true",
		    sprintf("%.2f/%.2f", s / 1e6, bb / 1e6), s <= bb ? "PASS" : "MISS"
	nat = med("stat", "native")
	r10 = med("r10", "syd")
	x = r10 == "" || nat == "" ? "" : r10 - nat
	if (x != "" && x > 0)
		printf "  %-52s %8.2f   (no target)\n", "rules: overhead 100 / overhead 10",
		    ratio(med("r100", "syd") - nat, x)
	if (x == "")
		y = ""
	else if (x <= 0)
		y = "noise: 10 rules not above native"
	else
		y = ratio(med("r1000", "syd") - nat, x)
	target("rules: overhead 1000 / overhead 10 (stat)", y, 2, 1)
	k = "rss_build" SUBSEP "syd"
	if (k in n) {
		sortk(k)
		target("syd peak RSS (VmHWM) over the real builds, MiB", v[k, n[k]] / 1024, 8, 0)
	} else
		target("syd peak RSS (VmHWM) over the real builds, MiB", "", 8, 0)

	# BENCH_BASE: this syd over the other binary, row by row.
	if (index(" " cols " ", " base ") == 0)
		exit
	print ""
	print "syd/base (this syd's median over BENCH_BASE's; <= 1.05 passes, the margin for noise):"
	for (j = 1; j <= nrow; j++) {
		r = rows[j]
		if (lab[r] !~ /^ /) {
			top = lab[r]
			name = top
			sub(/, [^,]*$/, "", top)
		} else {
			name = lab[r]
			sub(/^ +/, "", name)
			name = top ": " name
		}
		if ((r SUBSEP "syd") in failed || (r SUBSEP "base") in failed)
			target(name, "a run failed", 1.05, 1)
		else if ((r SUBSEP "syd") in n && (r SUBSEP "base") in n)
			target(name, ratio(med(r, "syd"), med(r, "base")), 1.05, 1)
	}
}
