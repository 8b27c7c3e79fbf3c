/* SPDX-License-Identifier: MIT */
/* The flags of every kfunc of Linux 6.18 (the reference build): the third
 * argument of its BTF_ID_FLAGS(func, name, flags) entry, written from the
 * kernel source (the file is named after each row; 6.12's text, checked
 * against the 6.16-6.19 kernel/bpf/helpers.c, kernel/bpf/cpumask.c,
 * kernel/bpf/arena.c, kernel/bpf/rqspinlock.c, kernel/cgroup/rstat.c,
 * fs/bpf_fs_kfuncs.c, net/core/filter.c and net/core/xdp.c texts, and
 * the KF_TRUSTED_ARGS list of the patch that removed the flag after 6.18).
 * Facts of the running kernel's BTF agree: pahole tags KF_FASTCALL kfuncs
 * "bpf_fastcall" (bpf_cast_to_kern_ctx and bpf_rdonly_cast only) and types
 * the arena arguments and results of KF_ARENA_* kfuncs address_space(1);
 * tests/unit/test_kfuncs_kernel.c checks those and KF_SLEEPABLE against the
 * live kernel. Sorted by name (strcmp): bv_kfunc_by_name() bisects. */
#include "spec/kfuncs.h"

const struct bv_kfunc bv_kfunc_table[] = {
	{ "__bpf_trap", 0 },	    /* kernel/bpf/helpers.c */
	{ "bbr_cwnd_event", 0 },    /* net/ipv4/tcp_bbr.c */
	{ "bbr_init", 0 },	    /* net/ipv4/tcp_bbr.c */
	{ "bbr_main", 0 },	    /* net/ipv4/tcp_bbr.c */
	{ "bbr_min_tso_segs", 0 },  /* net/ipv4/tcp_bbr.c */
	{ "bbr_set_state", 0 },	    /* net/ipv4/tcp_bbr.c */
	{ "bbr_sndbuf_expand", 0 }, /* net/ipv4/tcp_bbr.c */
	{ "bbr_ssthresh", 0 },	    /* net/ipv4/tcp_bbr.c */
	{ "bbr_undo_cwnd", 0 },	    /* net/ipv4/tcp_bbr.c */
	{ "bpf_arena_alloc_pages",
	  BV_KF_TRUSTED_ARGS | BV_KF_SLEEPABLE | BV_KF_ARENA_RET |
		  BV_KF_ARENA_ARG2 }, /* kernel/bpf/arena.c */
	{ "bpf_arena_free_pages",
	  BV_KF_TRUSTED_ARGS | BV_KF_SLEEPABLE |
		  BV_KF_ARENA_ARG2 }, /* kernel/bpf/arena.c */
	{ "bpf_arena_reserve_pages",
	  BV_KF_TRUSTED_ARGS | BV_KF_SLEEPABLE |
		  BV_KF_ARENA_ARG2 },		    /* kernel/bpf/arena.c */
	{ "bpf_cast_to_kern_ctx", BV_KF_FASTCALL }, /* kernel/bpf/helpers.c */
	{ "bpf_cgroup_acquire",
	  BV_KF_ACQUIRE | BV_KF_RCU |
		  BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_cgroup_ancestor",
	  BV_KF_ACQUIRE | BV_KF_RCU |
		  BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_cgroup_from_id",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL },	 /* kernel/bpf/helpers.c */
	{ "bpf_cgroup_read_xattr", BV_KF_RCU },	 /* kernel/bpf/helpers.c */
	{ "bpf_cgroup_release", BV_KF_RELEASE }, /* kernel/bpf/helpers.c */
	{ "bpf_copy_from_user_dynptr",
	  BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_copy_from_user_str",
	  BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_copy_from_user_str_dynptr",
	  BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_copy_from_user_task_dynptr",
	  BV_KF_SLEEPABLE | BV_KF_TRUSTED_ARGS }, /* kernel/bpf/helpers.c */
	{ "bpf_copy_from_user_task_str",
	  BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_copy_from_user_task_str_dynptr",
	  BV_KF_SLEEPABLE | BV_KF_TRUSTED_ARGS }, /* kernel/bpf/helpers.c */
	{ "bpf_cpumask_acquire",
	  BV_KF_ACQUIRE | BV_KF_TRUSTED_ARGS }, /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_and", BV_KF_RCU },	/* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_any_and_distribute",
	  BV_KF_RCU },				     /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_any_distribute", BV_KF_RCU }, /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_clear", BV_KF_RCU },	     /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_clear_cpu", BV_KF_RCU },	     /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_copy", BV_KF_RCU },	     /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_create",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_empty", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_equal", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_first", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_first_and", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_first_zero", BV_KF_RCU },  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_full", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_intersects", BV_KF_RCU },  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_or", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_populate", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_release", BV_KF_RELEASE }, /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_set_cpu", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_setall", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_subset", BV_KF_RCU },	  /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_test_and_clear_cpu",
	  BV_KF_RCU }, /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_test_and_set_cpu",
	  BV_KF_RCU },			       /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_test_cpu", BV_KF_RCU }, /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_weight", BV_KF_RCU },   /* kernel/bpf/cpumask.c */
	{ "bpf_cpumask_xor", BV_KF_RCU },      /* kernel/bpf/cpumask.c */
	{ "bpf_crypto_ctx_acquire",
	  BV_KF_ACQUIRE | BV_KF_RCU |
		  BV_KF_RET_NULL }, /* kernel/bpf/crypto.c */
	{ "bpf_crypto_ctx_create",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL |
		  BV_KF_SLEEPABLE },		     /* kernel/bpf/crypto.c */
	{ "bpf_crypto_ctx_release", BV_KF_RELEASE }, /* kernel/bpf/crypto.c */
	{ "bpf_crypto_decrypt", BV_KF_RCU },	     /* kernel/bpf/crypto.c */
	{ "bpf_crypto_encrypt", BV_KF_RCU },	     /* kernel/bpf/crypto.c */
	{ "bpf_ct_change_status",
	  BV_KF_TRUSTED_ARGS }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_ct_change_timeout",
	  BV_KF_TRUSTED_ARGS }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_ct_insert_entry",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL |
		  BV_KF_RELEASE }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_ct_release",
	  BV_KF_RELEASE }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_ct_set_nat_info",
	  BV_KF_TRUSTED_ARGS }, /* net/netfilter/nf_nat_bpf.c */
	{ "bpf_ct_set_status",
	  BV_KF_TRUSTED_ARGS }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_ct_set_timeout",
	  BV_KF_TRUSTED_ARGS },	    /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_dynptr_adjust", 0 }, /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_clone", 0 },  /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_copy", 0 },   /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_from_skb", BV_KF_TRUSTED_ARGS }, /* net/core/filter.c */
	{ "bpf_dynptr_from_skb_meta",
	  BV_KF_TRUSTED_ARGS },			     /* net/core/filter.c */
	{ "bpf_dynptr_from_xdp", 0 },		     /* net/core/filter.c */
	{ "bpf_dynptr_is_null", 0 },		     /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_is_rdonly", 0 },		     /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_memset", 0 },		     /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_size", 0 },		     /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_slice", BV_KF_RET_NULL },	     /* kernel/bpf/helpers.c */
	{ "bpf_dynptr_slice_rdwr", BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_fentry_test1", BV_KF_SLEEPABLE },     /* net/bpf/test_run.c */
	{ "bpf_get_dentry_xattr",
	  BV_KF_SLEEPABLE | BV_KF_TRUSTED_ARGS }, /* fs/bpf_fs_kfuncs.c */
	{ "bpf_get_file_xattr",
	  BV_KF_SLEEPABLE | BV_KF_TRUSTED_ARGS }, /* fs/bpf_fs_kfuncs.c */
	{ "bpf_get_kmem_cache", 0 },		  /* kernel/bpf/helpers.c */
	{ "bpf_get_task_exe_file",
	  BV_KF_ACQUIRE | BV_KF_TRUSTED_ARGS |
		  BV_KF_RET_NULL }, /* fs/bpf_fs_kfuncs.c */
	{ "bpf_iter_bits_destroy",
	  BV_KF_ITER_DESTROY },			 /* kernel/bpf/helpers.c */
	{ "bpf_iter_bits_new", BV_KF_ITER_NEW }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_bits_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_css_destroy",
	  BV_KF_ITER_DESTROY }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_css_new",
	  BV_KF_ITER_NEW | BV_KF_TRUSTED_ARGS |
		  BV_KF_RCU_PROTECTED }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_css_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_css_task_destroy",
	  BV_KF_ITER_DESTROY }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_css_task_new",
	  BV_KF_ITER_NEW | BV_KF_TRUSTED_ARGS }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_css_task_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_dmabuf_destroy",
	  BV_KF_ITER_DESTROY | BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_dmabuf_new",
	  BV_KF_ITER_NEW | BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_dmabuf_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL |
		  BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_kmem_cache_destroy",
	  BV_KF_ITER_DESTROY | BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_kmem_cache_new",
	  BV_KF_ITER_NEW | BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_kmem_cache_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL |
		  BV_KF_SLEEPABLE }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_num_destroy",
	  BV_KF_ITER_DESTROY },			/* kernel/bpf/helpers.c */
	{ "bpf_iter_num_new", BV_KF_ITER_NEW }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_num_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_task_destroy",
	  BV_KF_ITER_DESTROY }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_task_new",
	  BV_KF_ITER_NEW | BV_KF_TRUSTED_ARGS |
		  BV_KF_RCU_PROTECTED }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_task_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_task_vma_destroy",
	  BV_KF_ITER_DESTROY }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_task_vma_new",
	  BV_KF_ITER_NEW | BV_KF_RCU }, /* kernel/bpf/helpers.c */
	{ "bpf_iter_task_vma_next",
	  BV_KF_ITER_NEXT | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_key_put", BV_KF_RELEASE },     /* kernel/trace/bpf_trace.c */
	{ "bpf_kfunc_call_memb_release",
	  BV_KF_RELEASE }, /* net/bpf/test_run.c */
	{ "bpf_kfunc_call_test_release",
	  BV_KF_RELEASE },		      /* net/bpf/test_run.c */
	{ "bpf_list_back", BV_KF_RET_NULL },  /* kernel/bpf/helpers.c */
	{ "bpf_list_front", BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_list_pop_back",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_list_pop_front",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_list_push_back_impl", 0 },   /* kernel/bpf/helpers.c */
	{ "bpf_list_push_front_impl", 0 },  /* kernel/bpf/helpers.c */
	{ "bpf_local_irq_restore", 0 },	    /* kernel/bpf/helpers.c */
	{ "bpf_local_irq_save", 0 },	    /* kernel/bpf/helpers.c */
	{ "bpf_lookup_system_key",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL }, /* kernel/trace/bpf_trace.c */
	{ "bpf_lookup_user_key",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL |
		  BV_KF_SLEEPABLE }, /* kernel/trace/bpf_trace.c */
	{ "bpf_map_sum_elem_count",
	  BV_KF_TRUSTED_ARGS },			/* kernel/bpf/map_iter.c */
	{ "bpf_modify_return_test", 0 },	/* net/bpf/test_run.c */
	{ "bpf_modify_return_test2", 0 },	/* net/bpf/test_run.c */
	{ "bpf_modify_return_test_tp", 0 },	/* net/bpf/test_run.c */
	{ "bpf_obj_drop_impl", BV_KF_RELEASE }, /* kernel/bpf/helpers.c */
	{ "bpf_obj_new_impl",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL },	   /* kernel/bpf/helpers.c */
	{ "bpf_path_d_path", BV_KF_TRUSTED_ARGS }, /* fs/bpf_fs_kfuncs.c */
	{ "bpf_percpu_obj_drop_impl",
	  BV_KF_RELEASE }, /* kernel/bpf/helpers.c */
	{ "bpf_percpu_obj_new_impl",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL },	   /* kernel/bpf/helpers.c */
	{ "bpf_preempt_disable", 0 },		   /* kernel/bpf/helpers.c */
	{ "bpf_preempt_enable", 0 },		   /* kernel/bpf/helpers.c */
	{ "bpf_probe_read_kernel_dynptr", 0 },	   /* kernel/bpf/helpers.c */
	{ "bpf_probe_read_kernel_str_dynptr", 0 }, /* kernel/bpf/helpers.c */
	{ "bpf_probe_read_user_dynptr", 0 },	   /* kernel/bpf/helpers.c */
	{ "bpf_probe_read_user_str_dynptr", 0 },   /* kernel/bpf/helpers.c */
	{ "bpf_put_file", BV_KF_RELEASE },	   /* fs/bpf_fs_kfuncs.c */
	{ "bpf_rbtree_add_impl", 0 },		   /* kernel/bpf/helpers.c */
	{ "bpf_rbtree_first", BV_KF_RET_NULL },	   /* kernel/bpf/helpers.c */
	{ "bpf_rbtree_left", BV_KF_RET_NULL },	   /* kernel/bpf/helpers.c */
	{ "bpf_rbtree_remove",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL },	/* kernel/bpf/helpers.c */
	{ "bpf_rbtree_right", BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_rbtree_root", BV_KF_RET_NULL },	/* kernel/bpf/helpers.c */
	{ "bpf_rcu_read_lock", 0 },		/* kernel/bpf/helpers.c */
	{ "bpf_rcu_read_unlock", 0 },		/* kernel/bpf/helpers.c */
	{ "bpf_rdonly_cast", BV_KF_FASTCALL },	/* kernel/bpf/helpers.c */
	{ "bpf_refcount_acquire_impl",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL |
		  BV_KF_RCU }, /* kernel/bpf/helpers.c */
	{ "bpf_remove_dentry_xattr",
	  BV_KF_SLEEPABLE | BV_KF_TRUSTED_ARGS }, /* fs/bpf_fs_kfuncs.c */
	{ "bpf_res_spin_lock", BV_KF_RET_NULL },  /* kernel/bpf/rqspinlock.c */
	{ "bpf_res_spin_lock_irqsave",
	  BV_KF_RET_NULL },			 /* kernel/bpf/rqspinlock.c */
	{ "bpf_res_spin_unlock", 0 },		 /* kernel/bpf/rqspinlock.c */
	{ "bpf_res_spin_unlock_irqrestore", 0 }, /* kernel/bpf/rqspinlock.c */
	{ "bpf_send_signal_task",
	  BV_KF_TRUSTED_ARGS },		/* kernel/bpf/helpers.c */
	{ "bpf_session_cookie", 0 },	/* kernel/trace/bpf_trace.c */
	{ "bpf_session_is_return", 0 }, /* kernel/trace/bpf_trace.c */
	{ "bpf_set_dentry_xattr",
	  BV_KF_SLEEPABLE | BV_KF_TRUSTED_ARGS }, /* fs/bpf_fs_kfuncs.c */
	{ "bpf_sk_assign_tcp_reqsk",
	  BV_KF_TRUSTED_ARGS }, /* net/core/filter.c */
	{ "bpf_skb_ct_alloc",
	  BV_KF_ACQUIRE |
		  BV_KF_RET_NULL }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_skb_ct_lookup",
	  BV_KF_ACQUIRE |
		  BV_KF_RET_NULL }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_sock_addr_set_sun_path", 0 },	    /* net/core/filter.c */
	{ "bpf_sock_destroy", BV_KF_TRUSTED_ARGS }, /* net/core/filter.c */
	{ "bpf_sock_ops_enable_tx_tstamp",
	  BV_KF_TRUSTED_ARGS },	 /* net/core/filter.c */
	{ "bpf_strcasecmp", 0 }, /* kernel/bpf/helpers.c */
	{ "bpf_strchr", 0 },	 /* kernel/bpf/helpers.c */
	{ "bpf_strchrnul", 0 },	 /* kernel/bpf/helpers.c */
	{ "bpf_strcmp", 0 },	 /* kernel/bpf/helpers.c */
	{ "bpf_strcspn", 0 },	 /* kernel/bpf/helpers.c */
	{ "bpf_stream_vprintk_impl",
	  BV_KF_TRUSTED_ARGS }, /* kernel/bpf/helpers.c */
	{ "bpf_strlen", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_strnchr", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_strnlen", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_strnstr", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_strrchr", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_strspn", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_strstr", 0 },	/* kernel/bpf/helpers.c */
	{ "bpf_task_acquire",
	  BV_KF_ACQUIRE | BV_KF_RCU |
		  BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_task_from_pid",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_task_from_vpid",
	  BV_KF_ACQUIRE | BV_KF_RET_NULL }, /* kernel/bpf/helpers.c */
	{ "bpf_task_get_cgroup1",
	  BV_KF_ACQUIRE | BV_KF_RCU |
		  BV_KF_RET_NULL },		/* kernel/bpf/helpers.c */
	{ "bpf_task_release", BV_KF_RELEASE },	/* kernel/bpf/helpers.c */
	{ "bpf_task_under_cgroup", BV_KF_RCU }, /* kernel/bpf/helpers.c */
	{ "bpf_task_work_schedule_resume_impl",
	  BV_KF_TRUSTED_ARGS }, /* kernel/bpf/helpers.c */
	{ "bpf_task_work_schedule_signal_impl",
	  BV_KF_TRUSTED_ARGS },		   /* kernel/bpf/helpers.c */
	{ "bpf_throw", 0 },		   /* kernel/bpf/helpers.c */
	{ "bpf_wq_init", 0 },		   /* kernel/bpf/helpers.c */
	{ "bpf_wq_set_callback_impl", 0 }, /* kernel/bpf/helpers.c */
	{ "bpf_wq_start", 0 },		   /* kernel/bpf/helpers.c */
	{ "bpf_xdp_ct_alloc",
	  BV_KF_ACQUIRE |
		  BV_KF_RET_NULL }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_xdp_ct_lookup",
	  BV_KF_ACQUIRE |
		  BV_KF_RET_NULL }, /* net/netfilter/nf_conntrack_bpf.c */
	{ "bpf_xdp_get_xfrm_state",
	  BV_KF_RET_NULL | BV_KF_ACQUIRE }, /* net/xfrm/xfrm_state_bpf.c */
	{ "bpf_xdp_metadata_rx_hash", BV_KF_TRUSTED_ARGS }, /* net/core/xdp.c */
	{ "bpf_xdp_metadata_rx_timestamp",
	  BV_KF_TRUSTED_ARGS }, /* net/core/xdp.c */
	{ "bpf_xdp_metadata_rx_vlan_tag",
	  BV_KF_TRUSTED_ARGS },	    /* net/core/xdp.c */
	{ "bpf_xdp_pull_data", 0 }, /* net/core/filter.c */
	{ "bpf_xdp_xfrm_state_release",
	  BV_KF_RELEASE },			/* net/xfrm/xfrm_state_bpf.c */
	{ "css_rstat_flush", BV_KF_SLEEPABLE }, /* kernel/cgroup/rstat.c */
	{ "css_rstat_updated", 0 },		/* kernel/cgroup/rstat.c */
	{ "cubictcp_acked", 0 },		/* net/ipv4/tcp_cubic.c */
	{ "cubictcp_cong_avoid", 0 },		/* net/ipv4/tcp_cubic.c */
	{ "cubictcp_cwnd_event", 0 },		/* net/ipv4/tcp_cubic.c */
	{ "cubictcp_init", 0 },			/* net/ipv4/tcp_cubic.c */
	{ "cubictcp_recalc_ssthresh", 0 },	/* net/ipv4/tcp_cubic.c */
	{ "cubictcp_state", 0 },		/* net/ipv4/tcp_cubic.c */
	{ "tcp_cong_avoid_ai", 0 },		/* net/ipv4/bpf_tcp_ca.c */
	{ "tcp_reno_cong_avoid", 0 },		/* net/ipv4/bpf_tcp_ca.c */
	{ "tcp_reno_ssthresh", 0 },		/* net/ipv4/bpf_tcp_ca.c */
	{ "tcp_reno_undo_cwnd", 0 },		/* net/ipv4/bpf_tcp_ca.c */
	{ "tcp_slow_start", 0 },		/* net/ipv4/bpf_tcp_ca.c */
};

const size_t bv_kfunc_count =
	sizeof(bv_kfunc_table) / sizeof(bv_kfunc_table[0]);
