/* worker-safe */
/*
 * long sys_clone_raw(unsigned long flags, void *stack_top, int *ptid,
 *                    int *ctid, int (*fn)(void *), void *arg)
 *
 * The child starts on stack_top with fn and arg pushed there; it calls
 * fn(arg) and leaves with exit(2) (the thread only, never exit_group).
 * No TLS is set: the child keeps the parent's thread pointer, which is why
 * only worker-safe code may run on it. One body per architecture
 * (src/sys/arch.h has the rest of what differs).
 */
#if defined(__x86_64__)
	.text
	.globl	sys_clone_raw
	.type	sys_clone_raw, @function
sys_clone_raw:
	andq	$-16, %rsi
	subq	$16, %rsi
	movq	%r8, 0(%rsi)
	movq	%r9, 8(%rsi)
	movq	%rcx, %r10
	xorl	%r8d, %r8d
	movl	$56, %eax		/* SYS_clone */
	syscall
	testq	%rax, %rax
	jnz	1f
	xorl	%ebp, %ebp
	popq	%rax
	popq	%rdi
	call	*%rax
	movl	%eax, %edi
	movl	$60, %eax		/* SYS_exit */
	syscall
	hlt
1:	ret
	.size	sys_clone_raw, .-sys_clone_raw

#elif defined(__aarch64__)
	/* x0 flags, x1 stack_top, x2 ptid, x3 ctid, x4 fn, x5 arg; the
	 * kernel's order here is flags, stack, ptid, tls, ctid. */
	.text
	.globl	sys_clone_raw
	.type	sys_clone_raw, %function
sys_clone_raw:
	and	x1, x1, #-16
	stp	x4, x5, [x1, #-16]!
	mov	x4, x3
	mov	x3, #0
	mov	x8, #220		/* SYS_clone */
	svc	#0
	cbnz	x0, 1f
	mov	x29, #0
	mov	x30, #0
	ldp	x1, x0, [sp], #16
	blr	x1
	mov	x8, #93			/* SYS_exit */
	svc	#0
	brk	#0
1:	ret
	.size	sys_clone_raw, .-sys_clone_raw

#else
#error "syd: no raw clone for this architecture"
#endif
	.section .note.GNU-stack,"",@progbits
