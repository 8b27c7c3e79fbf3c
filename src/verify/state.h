/* SPDX-License-Identifier: MIT */
/* The abstract state the verifier tracks (struct bpf_reg_state,
 * bpf_stack_state, bpf_func_state and bpf_verifier_state of
 * include/linux/bpf_verifier.h, Linux 6.18). */
#ifndef BV_VERIFY_STATE_H
#define BV_VERIFY_STATE_H

#include "bpfverify.h"
#include <stddef.h>
#include "domain/scalar.h"
#include "isa/opcodes.h"
#include "spec/types.h"

#define BV_MAX_CALL_FRAMES 8
#define BV_MAX_STACK 512
#define BV_SLOT_SIZE 8
#define BV_STACK_SLOTS (BV_MAX_STACK / BV_SLOT_SIZE)
#define BV_MAX_REFS 64
/* BPF_ADD_CONST: a scalar id flag, "this register is its id's value plus
 * reg->off" (set by rX += K on a linked scalar) */
#define BV_ID_ADD_CONST (1u << 31)

/* enum bpf_stack_slot_type; printed as these characters */
enum bv_slot_type {
	BV_STACK_INVALID = 0, /* '?' nothing was stored */
	BV_STACK_SPILL,	      /* 'r' a register spilled whole */
	BV_STACK_MISC,	      /* 'm' some scalar bytes */
	BV_STACK_ZERO,	      /* '0' known zero bytes */
	BV_STACK_DYNPTR,      /* 'd' */
	BV_STACK_ITER,	      /* 'i' */
	BV_STACK_IRQ_FLAG,    /* 'f' */
};

struct bv_reg {
	/* The value and identity, as one prefix without padding that state
	 * comparison checks with one memcmp (the fields before frameno of
	 * struct bpf_reg_state): */
	struct bv_scalar s; /* value of a scalar, variable offset of a pointer */
	uint32_t type;	    /* enum bv_reg_type with bv_type_flag bits */
	int32_t off;	    /* fixed offset of a pointer */
	/* PTR_TO_PACKET*: bytes known to be in the packet past off;
	 * PTR_TO_MEM: size of the memory */
	int32_t range;
	/* CONST_PTR_TO_MAP, PTR_TO_MAP_VALUE, PTR_TO_MAP_KEY: the map */
	int32_t map_idx;
	/* PTR_TO_BTF_ID: the struct it points to, an id in the kernel BTF */
	uint32_t btf_id;
	uint32_t id;	     /* shared by copies (null checks, scalar links) */
	uint32_t ref_obj_id; /* the reference a pointer holds */
	uint8_t frameno;     /* PTR_TO_STACK: whose frame */
	bool precise;
	/* Path history for explanations, kept at no extra cost: the
	 * instruction that last wrote this register and the last conditional
	 * jump that narrowed it (-1: none). */
	int32_t def_insn;
	int32_t cmp_insn;
};

/* The prefix of struct bv_reg that holds value and identity. */
#define BV_REG_VALUE_BYTES offsetof(struct bv_reg, frameno)
_Static_assert(offsetof(struct bv_reg, frameno) ==
		       sizeof(struct bv_scalar) + 7 * sizeof(uint32_t),
	       "struct bv_reg: the compared prefix has no padding");

struct bv_stack_slot {
	struct bv_reg spilled; /* the register a STACK_SPILL slot holds */
	uint8_t type[BV_SLOT_SIZE]; /* enum bv_slot_type per byte, [7] = lowest address */
};

struct bv_frame {
	struct bv_reg regs[BV_MAX_REG];
	int callsite;	 /* insn of the call that made this frame, -1 */
	uint32_t frameno;
	uint32_t subprogno;
	uint32_t allocated_stack; /* bytes, a multiple of 8 */
	struct bv_stack_slot stack[BV_STACK_SLOTS];
};

struct bv_ref {
	uint32_t id;
	int insn_idx; /* where it was acquired */
};

struct bv_vstate {
	struct bv_frame *frames[BV_MAX_CALL_FRAMES];
	uint32_t curframe;
	/* acquired references, an array this state owns (at most BV_MAX_REFS)
	 */
	struct bv_ref *refs;
	uint32_t n_refs, cap_refs;
	/* inside bpf_rcu_read_lock() .. bpf_rcu_read_unlock() */
	bool active_rcu_lock;
	/* bpf_preempt_disable() calls not yet matched by an enable */
	uint32_t active_preempt_locks;
	int insn_idx;
	bool speculative;
	/* Pruning (is_state_visited): the explored state this one continues
	 * from, and, for an explored state, how many paths from it are
	 * still being verified. */
	struct bv_vstate *parent;
	uint32_t branches;
	/* clean_verifier_state ran: dead registers and slots are forgotten */
	bool cleaned;
	/* Precision backtracking (precision.h): the first and last
	 * instruction this state covers since its parent, and its jump
	 * history, an array this state owns. */
	int first_insn_idx;
	int last_insn_idx;
	struct bv_hist_entry *hist;
	uint32_t hist_cnt, hist_cap;
};

#endif
