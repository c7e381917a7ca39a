/* worker-safe */
/*
 * long sys_clone_raw(unsigned long flags, void *stack_top, int *ptid,
 *                    int *ctid, int (*fn)(void *), void *arg)
 *
 * The child starts on stack_top with fn and arg pushed there; it calls
 * fn(arg) and leaves with exit(2) (the thread only, never exit_group).
 * No TLS is set: the child keeps the parent's thread pointer, which is why
 * only worker-safe code may run on it.
 */
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
	.section .note.GNU-stack,"",@progbits
