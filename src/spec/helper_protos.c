/* SPDX-License-Identifier: MIT */
/* The helper prototypes of Linux 6.18 (struct bpf_func_proto instances in
 * kernel/bpf/helpers.c, kernel/trace/bpf_trace.c, net/core/filter.c and the
 * map, storage, cgroup and LSM files), with the memory access flags of the
 * 6.18 stable series ("bpf: Fix memory access flags in helper prototypes").
 * Where a program type's get_func_proto() returns a variant whose argument
 * or return types differ from the common one, variants[] says so; variants
 * that differ only in the kernel function (perf_event_output for tracepoint
 * vs kprobe, get_stack for raw tracepoints, ...) are not told apart. */
#include "spec/helpers.h"

#include <stddef.h>

/* Argument types, spelled as the kernel's prototypes spell them. */
#define ANY BV_ARG_ANYTHING
#define CTX BV_ARG_PTR_TO_CTX
#define CTX_OR_NULL (BV_ARG_PTR_TO_CTX | BV_PTR_MAYBE_NULL)
#define MAP BV_ARG_CONST_MAP_PTR
#define KEY BV_ARG_PTR_TO_MAP_KEY
#define VAL BV_ARG_PTR_TO_MAP_VALUE
#define VAL_OR_NULL (BV_ARG_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL)
#define VAL_UNINIT (BV_ARG_PTR_TO_MAP_VALUE | BV_MEM_UNINIT | BV_MEM_WRITE)
#define MEM_RO (BV_ARG_PTR_TO_MEM | BV_MEM_RDONLY)
#define MEM_RO_OR_NULL (BV_ARG_PTR_TO_MEM | BV_PTR_MAYBE_NULL | BV_MEM_RDONLY)
#define MEM_W (BV_ARG_PTR_TO_MEM | BV_MEM_WRITE)
#define MEM_W_OR_NULL (BV_ARG_PTR_TO_MEM | BV_PTR_MAYBE_NULL | BV_MEM_WRITE)
#define UNINIT_MEM BV_ARG_PTR_TO_UNINIT_MEM
#define FIXED_RO (BV_ARG_PTR_TO_FIXED_SIZE_MEM | BV_MEM_RDONLY)
/* A u64 or u32 the helper writes (strtol's result, check_mtu's length). */
#define OUT_ALIGNED                                                            \
	(BV_ARG_PTR_TO_FIXED_SIZE_MEM | BV_MEM_UNINIT | BV_MEM_WRITE |         \
	 BV_MEM_ALIGNED)
#define INOUT_ALIGNED                                                          \
	(BV_ARG_PTR_TO_FIXED_SIZE_MEM | BV_MEM_WRITE | BV_MEM_ALIGNED)
#define SIZE BV_ARG_CONST_SIZE
#define SIZE_OR_ZERO BV_ARG_CONST_SIZE_OR_ZERO
#define ALLOC_SIZE BV_ARG_CONST_ALLOC_SIZE_OR_ZERO
#define SOCK_COMMON BV_ARG_PTR_TO_SOCK_COMMON
#define SOCKET_OR_NULL (BV_ARG_PTR_TO_SOCKET | BV_PTR_MAYBE_NULL)
#define BTF_SOCK_COMMON BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON
#define BTF BV_ARG_PTR_TO_BTF_ID
#define BTF_OR_NULL (BV_ARG_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL)
#define STACK_OR_NULL (BV_ARG_PTR_TO_STACK | BV_PTR_MAYBE_NULL)
#define DYNPTR_RO (BV_ARG_PTR_TO_DYNPTR | BV_MEM_RDONLY)
#define DYNPTR_OUT (BV_ARG_PTR_TO_DYNPTR | BV_MEM_UNINIT | BV_MEM_WRITE)

#define ARGS(...) .arg_type = { __VA_ARGS__ }
/* PROTO(name, kernel symbol, return type, fields...) */
#define PROTO(name, sym, ...)                                                  \
	static const struct bv_helper_proto p_##name = {                       \
		.kernel_name = (sym), .ret_type = __VA_ARGS__                  \
	}

/* By helper id; a variant follows the prototype most types get. */
PROTO(map_lookup_elem, "bpf_map_lookup_elem_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL, ARGS(MAP, KEY),
      .pkt_access = true);
PROTO(map_update_elem, "bpf_map_update_elem_proto", BV_RET_INTEGER,
      ARGS(MAP, KEY, VAL, ANY), .pkt_access = true);
PROTO(map_delete_elem, "bpf_map_delete_elem_proto", BV_RET_INTEGER,
      ARGS(MAP, KEY), .pkt_access = true);
PROTO(probe_read, "bpf_probe_read_compat_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(ktime_get_ns, "bpf_ktime_get_ns_proto", BV_RET_INTEGER);
PROTO(trace_printk, "bpf_trace_printk_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE), .gpl_only = true);
PROTO(get_prandom_u32, "bpf_get_prandom_u32_proto", BV_RET_INTEGER);
PROTO(get_raw_smp_processor_id, "bpf_get_raw_smp_processor_id_proto",
      BV_RET_INTEGER);
PROTO(get_smp_processor_id, "bpf_get_smp_processor_id_proto", BV_RET_INTEGER,
      .allow_fastcall = true);
PROTO(skb_store_bytes, "bpf_skb_store_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, MEM_RO, SIZE, ANY));
PROTO(l3_csum_replace, "bpf_l3_csum_replace_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, ANY, ANY));
PROTO(l4_csum_replace, "bpf_l4_csum_replace_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, ANY, ANY));
PROTO(tail_call, "bpf_tail_call_proto", BV_RET_VOID, ARGS(CTX, MAP, ANY));
PROTO(clone_redirect, "bpf_clone_redirect_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(get_current_pid_tgid, "bpf_get_current_pid_tgid_proto", BV_RET_INTEGER);
PROTO(get_current_uid_gid, "bpf_get_current_uid_gid_proto", BV_RET_INTEGER);
PROTO(get_current_comm, "bpf_get_current_comm_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE));
PROTO(get_cgroup_classid_curr, "bpf_get_cgroup_classid_curr_proto",
      BV_RET_INTEGER);
PROTO(get_cgroup_classid, "bpf_get_cgroup_classid_proto", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(skb_vlan_push, "bpf_skb_vlan_push_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(skb_vlan_pop, "bpf_skb_vlan_pop_proto", BV_RET_INTEGER, ARGS(CTX));
PROTO(skb_get_tunnel_key, "bpf_skb_get_tunnel_key_proto", BV_RET_INTEGER,
      ARGS(CTX, UNINIT_MEM, SIZE, ANY));
PROTO(skb_set_tunnel_key, "bpf_skb_set_tunnel_key_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_RO, SIZE, ANY));
PROTO(perf_event_read, "bpf_perf_event_read_proto", BV_RET_INTEGER,
      ARGS(MAP, ANY), .gpl_only = true);
PROTO(redirect, "bpf_redirect_proto", BV_RET_INTEGER, ARGS(ANY, ANY));
PROTO(get_route_realm, "bpf_get_route_realm_proto", BV_RET_INTEGER, ARGS(CTX));
PROTO(perf_event_output, "bpf_perf_event_output_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, ANY, MEM_RO, SIZE_OR_ZERO), .gpl_only = true);
PROTO(skb_load_bytes, "bpf_skb_load_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, UNINIT_MEM, SIZE));
PROTO(get_stackid, "bpf_get_stackid_proto", BV_RET_INTEGER, ARGS(CTX, MAP, ANY),
      .gpl_only = true);
PROTO(get_stackid_pe, "bpf_get_stackid_proto_pe", BV_RET_INTEGER,
      ARGS(CTX, MAP, ANY));
PROTO(csum_diff, "bpf_csum_diff_proto", BV_RET_INTEGER,
      ARGS(MEM_RO_OR_NULL, SIZE_OR_ZERO, MEM_RO_OR_NULL, SIZE_OR_ZERO, ANY),
      .pkt_access = true);
PROTO(skb_get_tunnel_opt, "bpf_skb_get_tunnel_opt_proto", BV_RET_INTEGER,
      ARGS(CTX, UNINIT_MEM, SIZE));
PROTO(skb_set_tunnel_opt, "bpf_skb_set_tunnel_opt_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_RO, SIZE));
PROTO(skb_change_proto, "bpf_skb_change_proto_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(skb_change_type, "bpf_skb_change_type_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(skb_under_cgroup, "bpf_skb_under_cgroup_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, ANY));
PROTO(get_hash_recalc, "bpf_get_hash_recalc_proto", BV_RET_INTEGER, ARGS(CTX));
PROTO(get_current_task, "bpf_get_current_task_proto", BV_RET_INTEGER,
      .gpl_only = true);
PROTO(probe_write_user, "bpf_probe_write_user_proto", BV_RET_INTEGER,
      ARGS(ANY, MEM_RO, SIZE), .gpl_only = true);
PROTO(current_task_under_cgroup, "bpf_current_task_under_cgroup_proto",
      BV_RET_INTEGER, ARGS(MAP, ANY));
PROTO(skb_change_tail, "bpf_skb_change_tail_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(skb_pull_data, "bpf_skb_pull_data_proto", BV_RET_INTEGER, ARGS(CTX, ANY));
PROTO(csum_update, "bpf_csum_update_proto", BV_RET_INTEGER, ARGS(CTX, ANY));
PROTO(set_hash_invalid, "bpf_set_hash_invalid_proto", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(get_numa_node_id, "bpf_get_numa_node_id_proto", BV_RET_INTEGER);
PROTO(skb_change_head, "bpf_skb_change_head_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(xdp_adjust_head, "bpf_xdp_adjust_head_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(probe_read_str, "bpf_probe_read_compat_str_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(get_socket_cookie, "bpf_get_socket_cookie_proto", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(get_socket_ptr_cookie, "bpf_get_socket_ptr_cookie_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON | BV_PTR_MAYBE_NULL));
PROTO(get_socket_uid, "bpf_get_socket_uid_proto", BV_RET_INTEGER, ARGS(CTX));
PROTO(set_hash, "bpf_set_hash_proto", BV_RET_INTEGER, ARGS(CTX, ANY));
PROTO(sock_addr_setsockopt, "bpf_sock_addr_setsockopt_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, MEM_RO, SIZE));
PROTO(sk_setsockopt, "bpf_sk_setsockopt_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON, ANY, ANY, MEM_RO, SIZE));
PROTO(skb_adjust_room, "bpf_skb_adjust_room_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, ANY));
PROTO(xdp_redirect_map, "bpf_xdp_redirect_map_proto", BV_RET_INTEGER,
      ARGS(MAP, ANY, ANY));
PROTO(sk_redirect_map, "bpf_sk_redirect_map_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, ANY, ANY));
PROTO(sock_map_update, "bpf_sock_map_update_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, KEY, ANY));
PROTO(xdp_adjust_meta, "bpf_xdp_adjust_meta_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(perf_event_read_value, "bpf_perf_event_read_value_proto", BV_RET_INTEGER,
      ARGS(MAP, ANY, UNINIT_MEM, SIZE), .gpl_only = true);
PROTO(perf_prog_read_value, "bpf_perf_prog_read_value_proto", BV_RET_INTEGER,
      ARGS(CTX, UNINIT_MEM, SIZE), .gpl_only = true);
PROTO(sock_addr_getsockopt, "bpf_sock_addr_getsockopt_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, UNINIT_MEM, SIZE));
PROTO(sk_getsockopt, "bpf_sk_getsockopt_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON, ANY, ANY, UNINIT_MEM, SIZE));
PROTO(override_return, "bpf_override_return_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY), .gpl_only = true);
PROTO(sock_ops_cb_flags_set, "bpf_sock_ops_cb_flags_set_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(msg_redirect_map, "bpf_msg_redirect_map_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, ANY, ANY));
PROTO(msg_apply_bytes, "bpf_msg_apply_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(msg_cork_bytes, "bpf_msg_cork_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(msg_pull_data, "bpf_msg_pull_data_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, ANY));
PROTO(bind, "bpf_bind_proto", BV_RET_INTEGER, ARGS(CTX, MEM_RO, SIZE));
PROTO(xdp_adjust_tail, "bpf_xdp_adjust_tail_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY));
PROTO(skb_get_xfrm_state, "bpf_skb_get_xfrm_state_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, UNINIT_MEM, SIZE, ANY));
PROTO(get_stack, "bpf_get_stack_proto", BV_RET_INTEGER,
      ARGS(CTX, UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(skb_load_bytes_relative, "bpf_skb_load_bytes_relative_proto",
      BV_RET_INTEGER, ARGS(CTX, ANY, UNINIT_MEM, SIZE, ANY));
PROTO(fib_lookup, "bpf_skb_fib_lookup_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_W, SIZE, ANY), .gpl_only = true);
PROTO(sock_hash_update, "bpf_sock_hash_update_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, KEY, ANY));
PROTO(msg_redirect_hash, "bpf_msg_redirect_hash_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, KEY, ANY));
PROTO(sk_redirect_hash, "bpf_sk_redirect_hash_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, KEY, ANY));
PROTO(lwt_push_encap, "bpf_lwt_in_push_encap_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, MEM_RO, SIZE));
PROTO(lwt_seg6_store_bytes, "bpf_lwt_seg6_store_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, MEM_RO, SIZE));
PROTO(lwt_seg6_adjust_srh, "bpf_lwt_seg6_adjust_srh_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(lwt_seg6_action, "bpf_lwt_seg6_action_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, MEM_RO, SIZE));
PROTO(rc_repeat, "rc_repeat_proto", BV_RET_INTEGER, ARGS(CTX),
      .gpl_only = true);
PROTO(rc_keydown, "rc_keydown_proto", BV_RET_INTEGER, ARGS(CTX, ANY, ANY, ANY),
      .gpl_only = true);
PROTO(skb_cgroup_id, "bpf_skb_cgroup_id_proto", BV_RET_INTEGER, ARGS(CTX));
PROTO(get_current_cgroup_id, "bpf_get_current_cgroup_id_proto", BV_RET_INTEGER);
PROTO(get_local_storage, "bpf_get_local_storage_proto", BV_RET_PTR_TO_MAP_VALUE,
      ARGS(MAP, ANY));
PROTO(sk_select_reuseport, "sk_select_reuseport_proto", BV_RET_INTEGER,
      ARGS(CTX, MAP, KEY, ANY));
PROTO(skb_ancestor_cgroup_id, "bpf_skb_ancestor_cgroup_id_proto",
      BV_RET_INTEGER, ARGS(CTX, ANY));
PROTO(sk_lookup_tcp, "bpf_sk_lookup_tcp_proto",
      BV_RET_PTR_TO_SOCKET | BV_PTR_MAYBE_NULL,
      ARGS(CTX, MEM_RO, SIZE, ANY, ANY), .pkt_access = true);
PROTO(sk_lookup_udp, "bpf_sk_lookup_udp_proto",
      BV_RET_PTR_TO_SOCKET | BV_PTR_MAYBE_NULL,
      ARGS(CTX, MEM_RO, SIZE, ANY, ANY), .pkt_access = true);
PROTO(sk_release, "bpf_sk_release_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON | BV_OBJ_RELEASE));
PROTO(map_push_elem, "bpf_map_push_elem_proto", BV_RET_INTEGER,
      ARGS(MAP, VAL, ANY), .pkt_access = true);
PROTO(map_pop_elem, "bpf_map_pop_elem_proto", BV_RET_INTEGER,
      ARGS(MAP, VAL_UNINIT));
PROTO(map_peek_elem, "bpf_map_peek_elem_proto", BV_RET_INTEGER,
      ARGS(MAP, VAL_UNINIT));
PROTO(msg_push_data, "bpf_msg_push_data_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, ANY));
PROTO(msg_pop_data, "bpf_msg_pop_data_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY, ANY));
PROTO(rc_pointer_rel, "rc_pointer_rel_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY), .gpl_only = true);
PROTO(spin_lock, "bpf_spin_lock_proto", BV_RET_VOID,
      ARGS(BV_ARG_PTR_TO_SPIN_LOCK));
PROTO(spin_unlock, "bpf_spin_unlock_proto", BV_RET_VOID,
      ARGS(BV_ARG_PTR_TO_SPIN_LOCK));
PROTO(sk_fullsock, "bpf_sk_fullsock_proto",
      BV_RET_PTR_TO_SOCKET | BV_PTR_MAYBE_NULL, ARGS(SOCK_COMMON));
PROTO(tcp_sock, "bpf_tcp_sock_proto",
      BV_RET_PTR_TO_TCP_SOCK | BV_PTR_MAYBE_NULL, ARGS(SOCK_COMMON));
PROTO(skb_ecn_set_ce, "bpf_skb_ecn_set_ce_proto", BV_RET_INTEGER, ARGS(CTX));
PROTO(get_listener_sock, "bpf_get_listener_sock_proto",
      BV_RET_PTR_TO_SOCKET | BV_PTR_MAYBE_NULL, ARGS(SOCK_COMMON));
PROTO(skc_lookup_tcp, "bpf_skc_lookup_tcp_proto",
      BV_RET_PTR_TO_SOCK_COMMON | BV_PTR_MAYBE_NULL,
      ARGS(CTX, MEM_RO, SIZE, ANY, ANY), .pkt_access = true);
PROTO(tcp_check_syncookie, "bpf_tcp_check_syncookie_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON, MEM_RO, SIZE, MEM_RO, SIZE), .gpl_only = true,
      .pkt_access = true);
PROTO(sysctl_get_name, "bpf_sysctl_get_name_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_W, SIZE, ANY));
PROTO(sysctl_get_current_value, "bpf_sysctl_get_current_value_proto",
      BV_RET_INTEGER, ARGS(CTX, UNINIT_MEM, SIZE));
PROTO(sysctl_get_new_value, "bpf_sysctl_get_new_value_proto", BV_RET_INTEGER,
      ARGS(CTX, UNINIT_MEM, SIZE));
PROTO(sysctl_set_new_value, "bpf_sysctl_set_new_value_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_RO, SIZE));
PROTO(strtol, "bpf_strtol_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE, ANY, OUT_ALIGNED), .arg_size = { [3] = 8 });
PROTO(strtoul, "bpf_strtoul_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE, ANY, OUT_ALIGNED), .arg_size = { [3] = 8 });
PROTO(sk_storage_get, "bpf_sk_storage_get_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL,
      ARGS(MAP, BTF_SOCK_COMMON, VAL_OR_NULL, ANY));
PROTO(sk_storage_get_cg_sock, "bpf_sk_storage_get_cg_sock_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL,
      ARGS(MAP, CTX, VAL_OR_NULL, ANY));
PROTO(sk_storage_get_tracing, "bpf_sk_storage_get_tracing_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL,
      ARGS(MAP, BTF_OR_NULL, VAL_OR_NULL, ANY),
      .arg_btf = { [1] = "sock_common" }, .has_allowed_cb = true);
PROTO(sk_storage_delete, "bpf_sk_storage_delete_proto", BV_RET_INTEGER,
      ARGS(MAP, BTF_SOCK_COMMON));
PROTO(sk_storage_delete_tracing, "bpf_sk_storage_delete_tracing_proto",
      BV_RET_INTEGER, ARGS(MAP, BTF_OR_NULL),
      .arg_btf = { [1] = "sock_common" }, .has_allowed_cb = true);
PROTO(send_signal, "bpf_send_signal_proto", BV_RET_INTEGER, ARGS(ANY));
PROTO(tcp_gen_syncookie, "bpf_tcp_gen_syncookie_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON, MEM_RO, SIZE, MEM_RO, SIZE), .gpl_only = true,
      .pkt_access = true);
PROTO(skb_output, "bpf_skb_output_proto", BV_RET_INTEGER,
      ARGS(BTF, MAP, ANY, MEM_RO, SIZE_OR_ZERO), .arg_btf = { [0] = "sk_buff" },
      .gpl_only = true);
PROTO(probe_read_user, "bpf_probe_read_user_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(probe_read_kernel, "bpf_probe_read_kernel_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(probe_read_user_str, "bpf_probe_read_user_str_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(probe_read_kernel_str, "bpf_probe_read_kernel_str_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(tcp_send_ack, "bpf_tcp_send_ack_proto", BV_RET_INTEGER, ARGS(BTF, ANY),
      .arg_btf = { [0] = "tcp_sock" });
PROTO(send_signal_thread, "bpf_send_signal_thread_proto", BV_RET_INTEGER,
      ARGS(ANY));
PROTO(jiffies64, "bpf_jiffies64_proto", BV_RET_INTEGER);
PROTO(read_branch_records, "bpf_read_branch_records_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_W_OR_NULL, SIZE_OR_ZERO, ANY), .gpl_only = true);
PROTO(get_ns_current_pid_tgid, "bpf_get_ns_current_pid_tgid_proto",
      BV_RET_INTEGER, ARGS(ANY, ANY, UNINIT_MEM, SIZE));
PROTO(xdp_output, "bpf_xdp_output_proto", BV_RET_INTEGER,
      ARGS(BTF, MAP, ANY, MEM_RO, SIZE_OR_ZERO),
      .arg_btf = { [0] = "xdp_buff" }, .gpl_only = true);
PROTO(get_netns_cookie, "bpf_get_netns_cookie_sock_proto", BV_RET_INTEGER,
      ARGS(CTX_OR_NULL));
PROTO(get_current_ancestor_cgroup_id,
      "bpf_get_current_ancestor_cgroup_id_proto", BV_RET_INTEGER, ARGS(ANY));
PROTO(sk_assign, "bpf_sk_assign_proto", BV_RET_INTEGER,
      ARGS(CTX, BTF_SOCK_COMMON, ANY));
PROTO(sk_lookup_assign, "bpf_sk_lookup_assign_proto", BV_RET_INTEGER,
      ARGS(CTX, SOCKET_OR_NULL, ANY));
PROTO(ktime_get_boot_ns, "bpf_ktime_get_boot_ns_proto", BV_RET_INTEGER);
PROTO(seq_printf, "bpf_seq_printf_proto", BV_RET_INTEGER,
      ARGS(BTF, MEM_RO, SIZE, MEM_RO_OR_NULL, SIZE_OR_ZERO),
      .arg_btf = { [0] = "seq_file" }, .gpl_only = true);
PROTO(seq_write, "bpf_seq_write_proto", BV_RET_INTEGER,
      ARGS(BTF, MEM_RO, SIZE_OR_ZERO), .arg_btf = { [0] = "seq_file" },
      .gpl_only = true);
PROTO(sk_cgroup_id, "bpf_sk_cgroup_id_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON));
PROTO(sk_ancestor_cgroup_id, "bpf_sk_ancestor_cgroup_id_proto", BV_RET_INTEGER,
      ARGS(BTF_SOCK_COMMON, ANY));
PROTO(ringbuf_output, "bpf_ringbuf_output_proto", BV_RET_INTEGER,
      ARGS(MAP, MEM_RO, SIZE_OR_ZERO, ANY));
PROTO(ringbuf_reserve, "bpf_ringbuf_reserve_proto",
      BV_RET_PTR_TO_MEM | BV_PTR_MAYBE_NULL | BV_MEM_RINGBUF,
      ARGS(MAP, ALLOC_SIZE, ANY));
PROTO(ringbuf_submit, "bpf_ringbuf_submit_proto", BV_RET_VOID,
      ARGS(BV_ARG_PTR_TO_RINGBUF_MEM | BV_OBJ_RELEASE, ANY));
PROTO(ringbuf_discard, "bpf_ringbuf_discard_proto", BV_RET_VOID,
      ARGS(BV_ARG_PTR_TO_RINGBUF_MEM | BV_OBJ_RELEASE, ANY));
PROTO(ringbuf_query, "bpf_ringbuf_query_proto", BV_RET_INTEGER, ARGS(MAP, ANY));
PROTO(csum_level, "bpf_csum_level_proto", BV_RET_INTEGER, ARGS(CTX, ANY));
PROTO(skc_to_tcp6_sock, "bpf_skc_to_tcp6_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF_SOCK_COMMON),
      .ret_btf = "tcp6_sock");
PROTO(skc_to_tcp_sock, "bpf_skc_to_tcp_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF_SOCK_COMMON),
      .ret_btf = "tcp_sock");
PROTO(skc_to_tcp_timewait_sock, "bpf_skc_to_tcp_timewait_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF_SOCK_COMMON),
      .ret_btf = "tcp_timewait_sock");
PROTO(skc_to_tcp_request_sock, "bpf_skc_to_tcp_request_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF_SOCK_COMMON),
      .ret_btf = "tcp_request_sock");
PROTO(skc_to_udp6_sock, "bpf_skc_to_udp6_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF_SOCK_COMMON),
      .ret_btf = "udp6_sock");
PROTO(get_task_stack, "bpf_get_task_stack_proto", BV_RET_INTEGER,
      ARGS(BTF, UNINIT_MEM, SIZE_OR_ZERO, ANY),
      .arg_btf = { [0] = "task_struct" });
PROTO(load_hdr_opt, "bpf_sock_ops_load_hdr_opt_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_W, SIZE, ANY));
PROTO(store_hdr_opt, "bpf_sock_ops_store_hdr_opt_proto", BV_RET_INTEGER,
      ARGS(CTX, MEM_RO, SIZE, ANY));
PROTO(reserve_hdr_opt, "bpf_sock_ops_reserve_hdr_opt_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(inode_storage_get, "bpf_inode_storage_get_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL,
      ARGS(MAP, BTF_OR_NULL, VAL_OR_NULL, ANY), .arg_btf = { [1] = "inode" });
PROTO(inode_storage_delete, "bpf_inode_storage_delete_proto", BV_RET_INTEGER,
      ARGS(MAP, BTF_OR_NULL), .arg_btf = { [1] = "inode" });
PROTO(d_path, "bpf_d_path_proto", BV_RET_INTEGER,
      ARGS(BTF, MEM_W, SIZE_OR_ZERO), .arg_btf = { [0] = "path" },
      .has_allowed_cb = true);
PROTO(copy_from_user, "bpf_copy_from_user_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY), .might_sleep = true);
PROTO(snprintf_btf, "bpf_snprintf_btf_proto", BV_RET_INTEGER,
      ARGS(MEM_W, SIZE, MEM_RO, SIZE, ANY));
PROTO(seq_printf_btf, "bpf_seq_printf_btf_proto", BV_RET_INTEGER,
      ARGS(BTF, MEM_RO, SIZE_OR_ZERO, ANY), .arg_btf = { [0] = "seq_file" },
      .gpl_only = true);
PROTO(skb_cgroup_classid, "bpf_skb_cgroup_classid_proto", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(redirect_neigh, "bpf_redirect_neigh_proto", BV_RET_INTEGER,
      ARGS(ANY, MEM_RO_OR_NULL, SIZE_OR_ZERO, ANY));
PROTO(per_cpu_ptr, "bpf_per_cpu_ptr_proto",
      BV_RET_PTR_TO_MEM_OR_BTF_ID | BV_PTR_MAYBE_NULL | BV_MEM_RDONLY,
      ARGS(BV_ARG_PTR_TO_PERCPU_BTF_ID, ANY));
PROTO(this_cpu_ptr, "bpf_this_cpu_ptr_proto",
      BV_RET_PTR_TO_MEM_OR_BTF_ID | BV_MEM_RDONLY,
      ARGS(BV_ARG_PTR_TO_PERCPU_BTF_ID));
PROTO(redirect_peer, "bpf_redirect_peer_proto", BV_RET_INTEGER, ARGS(ANY, ANY));
PROTO(task_storage_get, "bpf_task_storage_get_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL,
      ARGS(MAP, BTF_OR_NULL, VAL_OR_NULL, ANY),
      .arg_btf = { [1] = "task_struct" });
PROTO(task_storage_delete, "bpf_task_storage_delete_proto", BV_RET_INTEGER,
      ARGS(MAP, BTF), .arg_btf = { [1] = "task_struct" });
PROTO(get_current_task_btf, "bpf_get_current_task_btf_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_TRUSTED, .ret_btf = "task_struct",
      .gpl_only = true);
PROTO(bprm_opts_set, "bpf_bprm_opts_set_proto", BV_RET_INTEGER, ARGS(BTF, ANY),
      .arg_btf = { [0] = "linux_binprm" });
PROTO(ktime_get_coarse_ns, "bpf_ktime_get_coarse_ns_proto", BV_RET_INTEGER);
PROTO(ima_inode_hash, "bpf_ima_inode_hash_proto", BV_RET_INTEGER,
      ARGS(BTF, UNINIT_MEM, SIZE), .arg_btf = { [0] = "inode" },
      .might_sleep = true, .has_allowed_cb = true);
PROTO(sock_from_file, "bpf_sock_from_file_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF),
      .arg_btf = { [0] = "file" }, .ret_btf = "socket");
PROTO(check_mtu, "bpf_skb_check_mtu_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, INOUT_ALIGNED, ANY, ANY), .arg_size = { [2] = 4 },
      .gpl_only = true);
PROTO(for_each_map_elem, "bpf_for_each_map_elem_proto", BV_RET_INTEGER,
      ARGS(MAP, BV_ARG_PTR_TO_FUNC, STACK_OR_NULL, ANY));
PROTO(snprintf, "bpf_snprintf_proto", BV_RET_INTEGER,
      ARGS(MEM_W_OR_NULL, SIZE_OR_ZERO, BV_ARG_PTR_TO_CONST_STR, MEM_RO_OR_NULL,
	   SIZE_OR_ZERO),
      .gpl_only = true);
PROTO(sys_bpf, "bpf_sys_bpf_proto", BV_RET_INTEGER, ARGS(ANY, MEM_RO, SIZE));
PROTO(btf_find_by_name_kind, "bpf_btf_find_by_name_kind_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE, ANY, ANY));
PROTO(sys_close, "bpf_sys_close_proto", BV_RET_INTEGER, ARGS(ANY));
PROTO(timer_init, "bpf_timer_init_proto", BV_RET_INTEGER,
      ARGS(BV_ARG_PTR_TO_TIMER, MAP, ANY), .gpl_only = true);
PROTO(timer_set_callback, "bpf_timer_set_callback_proto", BV_RET_INTEGER,
      ARGS(BV_ARG_PTR_TO_TIMER, BV_ARG_PTR_TO_FUNC), .gpl_only = true);
PROTO(timer_start, "bpf_timer_start_proto", BV_RET_INTEGER,
      ARGS(BV_ARG_PTR_TO_TIMER, ANY, ANY), .gpl_only = true);
PROTO(timer_cancel, "bpf_timer_cancel_proto", BV_RET_INTEGER,
      ARGS(BV_ARG_PTR_TO_TIMER), .gpl_only = true);
PROTO(get_func_ip, "bpf_get_func_ip_proto_tracing", BV_RET_INTEGER, ARGS(CTX),
      .gpl_only = true);
PROTO(get_func_ip_kprobe_multi, "bpf_get_func_ip_proto_kprobe_multi",
      BV_RET_INTEGER, ARGS(CTX));
PROTO(get_func_ip_uprobe_multi, "bpf_get_func_ip_proto_uprobe_multi",
      BV_RET_INTEGER, ARGS(CTX));
PROTO(get_attach_cookie, "bpf_get_attach_cookie_proto_trace", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(task_pt_regs, "bpf_task_pt_regs_proto", BV_RET_PTR_TO_BTF_ID, ARGS(BTF),
      .arg_btf = { [0] = "task_struct" }, .ret_btf = "pt_regs",
      .gpl_only = true);
PROTO(get_branch_snapshot, "bpf_get_branch_snapshot_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO), .gpl_only = true);
PROTO(trace_vprintk, "bpf_trace_vprintk_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE, MEM_RO_OR_NULL, SIZE_OR_ZERO), .gpl_only = true);
PROTO(skc_to_unix_sock, "bpf_skc_to_unix_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(BTF_SOCK_COMMON),
      .ret_btf = "unix_sock");
PROTO(kallsyms_lookup_name, "bpf_kallsyms_lookup_name_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE_OR_ZERO, ANY, OUT_ALIGNED), .arg_size = { [3] = 8 });
PROTO(find_vma, "bpf_find_vma_proto", BV_RET_INTEGER,
      ARGS(BTF, ANY, BV_ARG_PTR_TO_FUNC, STACK_OR_NULL, ANY),
      .arg_btf = { [0] = "task_struct" });
PROTO(loop, "bpf_loop_proto", BV_RET_INTEGER,
      ARGS(ANY, BV_ARG_PTR_TO_FUNC, STACK_OR_NULL, ANY));
PROTO(strncmp, "bpf_strncmp_proto", BV_RET_INTEGER,
      ARGS(MEM_RO, SIZE, BV_ARG_PTR_TO_CONST_STR));
PROTO(get_func_arg, "bpf_get_func_arg_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, OUT_ALIGNED), .arg_size = { [2] = 8 });
PROTO(get_func_ret, "bpf_get_func_ret_proto", BV_RET_INTEGER,
      ARGS(CTX, OUT_ALIGNED), .arg_size = { [1] = 8 });
PROTO(get_func_arg_cnt, "bpf_get_func_arg_cnt_proto", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(get_retval, "bpf_get_retval_proto", BV_RET_INTEGER);
PROTO(set_retval, "bpf_set_retval_proto", BV_RET_INTEGER, ARGS(ANY));
PROTO(xdp_get_buff_len, "bpf_xdp_get_buff_len_proto", BV_RET_INTEGER,
      ARGS(CTX));
PROTO(xdp_get_buff_len_trace, "bpf_xdp_get_buff_len_trace_proto",
      BV_RET_INTEGER, ARGS(BTF), .arg_btf = { [0] = "xdp_buff" });
PROTO(xdp_load_bytes, "bpf_xdp_load_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, UNINIT_MEM, SIZE));
PROTO(xdp_store_bytes, "bpf_xdp_store_bytes_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, MEM_RO, SIZE));
PROTO(copy_from_user_task, "bpf_copy_from_user_task_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY, BTF, ANY),
      .arg_btf = { [3] = "task_struct" }, .gpl_only = true,
      .might_sleep = true);
PROTO(skb_set_tstamp, "bpf_skb_set_tstamp_proto", BV_RET_INTEGER,
      ARGS(CTX, ANY, ANY));
PROTO(ima_file_hash, "bpf_ima_file_hash_proto", BV_RET_INTEGER,
      ARGS(BTF, UNINIT_MEM, SIZE), .arg_btf = { [0] = "file" },
      .might_sleep = true, .has_allowed_cb = true);
PROTO(kptr_xchg, "bpf_kptr_xchg_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL,
      ARGS(BV_ARG_KPTR_XCHG_DEST, BTF_OR_NULL | BV_OBJ_RELEASE));
PROTO(map_lookup_percpu_elem, "bpf_map_lookup_percpu_elem_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL, ARGS(MAP, KEY, ANY),
      .pkt_access = true);
PROTO(skc_to_mptcp_sock, "bpf_skc_to_mptcp_sock_proto",
      BV_RET_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL, ARGS(SOCK_COMMON),
      .ret_btf = "mptcp_sock");
PROTO(dynptr_from_mem, "bpf_dynptr_from_mem_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, ANY, DYNPTR_OUT | BV_DYNPTR_TYPE_LOCAL));
PROTO(ringbuf_reserve_dynptr, "bpf_ringbuf_reserve_dynptr_proto",
      BV_RET_INTEGER, ARGS(MAP, ANY, ANY, DYNPTR_OUT | BV_DYNPTR_TYPE_RINGBUF));
PROTO(ringbuf_submit_dynptr, "bpf_ringbuf_submit_dynptr_proto", BV_RET_VOID,
      ARGS(BV_ARG_PTR_TO_DYNPTR | BV_DYNPTR_TYPE_RINGBUF | BV_OBJ_RELEASE,
	   ANY));
PROTO(ringbuf_discard_dynptr, "bpf_ringbuf_discard_dynptr_proto", BV_RET_VOID,
      ARGS(BV_ARG_PTR_TO_DYNPTR | BV_DYNPTR_TYPE_RINGBUF | BV_OBJ_RELEASE,
	   ANY));
PROTO(dynptr_read, "bpf_dynptr_read_proto", BV_RET_INTEGER,
      ARGS(UNINIT_MEM, SIZE_OR_ZERO, DYNPTR_RO, ANY, ANY));
PROTO(dynptr_write, "bpf_dynptr_write_proto", BV_RET_INTEGER,
      ARGS(DYNPTR_RO, ANY, MEM_RO, SIZE_OR_ZERO, ANY));
PROTO(dynptr_data, "bpf_dynptr_data_proto",
      BV_RET_PTR_TO_MEM | BV_PTR_MAYBE_NULL, ARGS(DYNPTR_RO, ANY, ALLOC_SIZE));
PROTO(tcp_raw_gen_syncookie_ipv4, "bpf_tcp_raw_gen_syncookie_ipv4_proto",
      BV_RET_INTEGER, ARGS(FIXED_RO, MEM_RO, SIZE_OR_ZERO),
      .arg_size = { [0] = 20 }, .gpl_only = true, .pkt_access = true);
PROTO(tcp_raw_gen_syncookie_ipv6, "bpf_tcp_raw_gen_syncookie_ipv6_proto",
      BV_RET_INTEGER, ARGS(FIXED_RO, MEM_RO, SIZE_OR_ZERO),
      .arg_size = { [0] = 40 }, .gpl_only = true, .pkt_access = true);
PROTO(tcp_raw_check_syncookie_ipv4, "bpf_tcp_raw_check_syncookie_ipv4_proto",
      BV_RET_INTEGER, ARGS(FIXED_RO, FIXED_RO),
      .arg_size = { [0] = 20, [1] = 20 }, .gpl_only = true, .pkt_access = true);
PROTO(tcp_raw_check_syncookie_ipv6, "bpf_tcp_raw_check_syncookie_ipv6_proto",
      BV_RET_INTEGER, ARGS(FIXED_RO, FIXED_RO),
      .arg_size = { [0] = 40, [1] = 20 }, .gpl_only = true, .pkt_access = true);
PROTO(ktime_get_tai_ns, "bpf_ktime_get_tai_ns_proto", BV_RET_INTEGER);
PROTO(user_ringbuf_drain, "bpf_user_ringbuf_drain_proto", BV_RET_INTEGER,
      ARGS(MAP, BV_ARG_PTR_TO_FUNC, STACK_OR_NULL, ANY));
PROTO(cgrp_storage_get, "bpf_cgrp_storage_get_proto",
      BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL,
      ARGS(MAP, BTF, VAL_OR_NULL, ANY), .arg_btf = { [1] = "cgroup" });
PROTO(cgrp_storage_delete, "bpf_cgrp_storage_delete_proto", BV_RET_INTEGER,
      ARGS(MAP, BTF), .arg_btf = { [1] = "cgroup" });

/* The prototype most program types get, by helper id. */
static const struct bv_helper_proto *const protos[BV_HELPER_COUNT] = {
	[1] = &p_map_lookup_elem,
	[2] = &p_map_update_elem,
	[3] = &p_map_delete_elem,
	[4] = &p_probe_read,
	[5] = &p_ktime_get_ns,
	[6] = &p_trace_printk,
	[7] = &p_get_prandom_u32,
	[8] = &p_get_raw_smp_processor_id,
	[9] = &p_skb_store_bytes,
	[10] = &p_l3_csum_replace,
	[11] = &p_l4_csum_replace,
	[12] = &p_tail_call,
	[13] = &p_clone_redirect,
	[14] = &p_get_current_pid_tgid,
	[15] = &p_get_current_uid_gid,
	[16] = &p_get_current_comm,
	[17] = &p_get_cgroup_classid_curr,
	[18] = &p_skb_vlan_push,
	[19] = &p_skb_vlan_pop,
	[20] = &p_skb_get_tunnel_key,
	[21] = &p_skb_set_tunnel_key,
	[22] = &p_perf_event_read,
	[23] = &p_redirect,
	[24] = &p_get_route_realm,
	[25] = &p_perf_event_output,
	[26] = &p_skb_load_bytes,
	[27] = &p_get_stackid,
	[28] = &p_csum_diff,
	[29] = &p_skb_get_tunnel_opt,
	[30] = &p_skb_set_tunnel_opt,
	[31] = &p_skb_change_proto,
	[32] = &p_skb_change_type,
	[33] = &p_skb_under_cgroup,
	[34] = &p_get_hash_recalc,
	[35] = &p_get_current_task,
	[36] = &p_probe_write_user,
	[37] = &p_current_task_under_cgroup,
	[38] = &p_skb_change_tail,
	[39] = &p_skb_pull_data,
	[40] = &p_csum_update,
	[41] = &p_set_hash_invalid,
	[42] = &p_get_numa_node_id,
	[43] = &p_skb_change_head,
	[44] = &p_xdp_adjust_head,
	[45] = &p_probe_read_str,
	[46] = &p_get_socket_cookie,
	[47] = &p_get_socket_uid,
	[48] = &p_set_hash,
	[49] = &p_sock_addr_setsockopt,
	[50] = &p_skb_adjust_room,
	[51] = &p_xdp_redirect_map,
	[52] = &p_sk_redirect_map,
	[53] = &p_sock_map_update,
	[54] = &p_xdp_adjust_meta,
	[55] = &p_perf_event_read_value,
	[56] = &p_perf_prog_read_value,
	[57] = &p_sock_addr_getsockopt,
	[58] = &p_override_return,
	[59] = &p_sock_ops_cb_flags_set,
	[60] = &p_msg_redirect_map,
	[61] = &p_msg_apply_bytes,
	[62] = &p_msg_cork_bytes,
	[63] = &p_msg_pull_data,
	[64] = &p_bind,
	[65] = &p_xdp_adjust_tail,
	[66] = &p_skb_get_xfrm_state,
	[67] = &p_get_stack,
	[68] = &p_skb_load_bytes_relative,
	[69] = &p_fib_lookup,
	[70] = &p_sock_hash_update,
	[71] = &p_msg_redirect_hash,
	[72] = &p_sk_redirect_hash,
	[73] = &p_lwt_push_encap,
	[74] = &p_lwt_seg6_store_bytes,
	[75] = &p_lwt_seg6_adjust_srh,
	[76] = &p_lwt_seg6_action,
	[77] = &p_rc_repeat,
	[78] = &p_rc_keydown,
	[79] = &p_skb_cgroup_id,
	[80] = &p_get_current_cgroup_id,
	[81] = &p_get_local_storage,
	[82] = &p_sk_select_reuseport,
	[83] = &p_skb_ancestor_cgroup_id,
	[84] = &p_sk_lookup_tcp,
	[85] = &p_sk_lookup_udp,
	[86] = &p_sk_release,
	[87] = &p_map_push_elem,
	[88] = &p_map_pop_elem,
	[89] = &p_map_peek_elem,
	[90] = &p_msg_push_data,
	[91] = &p_msg_pop_data,
	[92] = &p_rc_pointer_rel,
	[93] = &p_spin_lock,
	[94] = &p_spin_unlock,
	[95] = &p_sk_fullsock,
	[96] = &p_tcp_sock,
	[97] = &p_skb_ecn_set_ce,
	[98] = &p_get_listener_sock,
	[99] = &p_skc_lookup_tcp,
	[100] = &p_tcp_check_syncookie,
	[101] = &p_sysctl_get_name,
	[102] = &p_sysctl_get_current_value,
	[103] = &p_sysctl_get_new_value,
	[104] = &p_sysctl_set_new_value,
	[105] = &p_strtol,
	[106] = &p_strtoul,
	[107] = &p_sk_storage_get,
	[108] = &p_sk_storage_delete,
	[109] = &p_send_signal,
	[110] = &p_tcp_gen_syncookie,
	[111] = &p_skb_output,
	[112] = &p_probe_read_user,
	[113] = &p_probe_read_kernel,
	[114] = &p_probe_read_user_str,
	[115] = &p_probe_read_kernel_str,
	[116] = &p_tcp_send_ack,
	[117] = &p_send_signal_thread,
	[118] = &p_jiffies64,
	[119] = &p_read_branch_records,
	[120] = &p_get_ns_current_pid_tgid,
	[121] = &p_xdp_output,
	[122] = &p_get_netns_cookie,
	[123] = &p_get_current_ancestor_cgroup_id,
	[124] = &p_sk_assign,
	[125] = &p_ktime_get_boot_ns,
	[126] = &p_seq_printf,
	[127] = &p_seq_write,
	[128] = &p_sk_cgroup_id,
	[129] = &p_sk_ancestor_cgroup_id,
	[130] = &p_ringbuf_output,
	[131] = &p_ringbuf_reserve,
	[132] = &p_ringbuf_submit,
	[133] = &p_ringbuf_discard,
	[134] = &p_ringbuf_query,
	[135] = &p_csum_level,
	[136] = &p_skc_to_tcp6_sock,
	[137] = &p_skc_to_tcp_sock,
	[138] = &p_skc_to_tcp_timewait_sock,
	[139] = &p_skc_to_tcp_request_sock,
	[140] = &p_skc_to_udp6_sock,
	[141] = &p_get_task_stack,
	[142] = &p_load_hdr_opt,
	[143] = &p_store_hdr_opt,
	[144] = &p_reserve_hdr_opt,
	[145] = &p_inode_storage_get,
	[146] = &p_inode_storage_delete,
	[147] = &p_d_path,
	[148] = &p_copy_from_user,
	[149] = &p_snprintf_btf,
	[150] = &p_seq_printf_btf,
	[151] = &p_skb_cgroup_classid,
	[152] = &p_redirect_neigh,
	[153] = &p_per_cpu_ptr,
	[154] = &p_this_cpu_ptr,
	[155] = &p_redirect_peer,
	[156] = &p_task_storage_get,
	[157] = &p_task_storage_delete,
	[158] = &p_get_current_task_btf,
	[159] = &p_bprm_opts_set,
	[160] = &p_ktime_get_coarse_ns,
	[161] = &p_ima_inode_hash,
	[162] = &p_sock_from_file,
	[163] = &p_check_mtu,
	[164] = &p_for_each_map_elem,
	[165] = &p_snprintf,
	[166] = &p_sys_bpf,
	[167] = &p_btf_find_by_name_kind,
	[168] = &p_sys_close,
	[169] = &p_timer_init,
	[170] = &p_timer_set_callback,
	[171] = &p_timer_start,
	[172] = &p_timer_cancel,
	[173] = &p_get_func_ip,
	[174] = &p_get_attach_cookie,
	[175] = &p_task_pt_regs,
	[176] = &p_get_branch_snapshot,
	[177] = &p_trace_vprintk,
	[178] = &p_skc_to_unix_sock,
	[179] = &p_kallsyms_lookup_name,
	[180] = &p_find_vma,
	[181] = &p_loop,
	[182] = &p_strncmp,
	[183] = &p_get_func_arg,
	[184] = &p_get_func_ret,
	[185] = &p_get_func_arg_cnt,
	[186] = &p_get_retval,
	[187] = &p_set_retval,
	[188] = &p_xdp_get_buff_len,
	[189] = &p_xdp_load_bytes,
	[190] = &p_xdp_store_bytes,
	[191] = &p_copy_from_user_task,
	[192] = &p_skb_set_tstamp,
	[193] = &p_ima_file_hash,
	[194] = &p_kptr_xchg,
	[195] = &p_map_lookup_percpu_elem,
	[196] = &p_skc_to_mptcp_sock,
	[197] = &p_dynptr_from_mem,
	[198] = &p_ringbuf_reserve_dynptr,
	[199] = &p_ringbuf_submit_dynptr,
	[200] = &p_ringbuf_discard_dynptr,
	[201] = &p_dynptr_read,
	[202] = &p_dynptr_write,
	[203] = &p_dynptr_data,
	[204] = &p_tcp_raw_gen_syncookie_ipv4,
	[205] = &p_tcp_raw_gen_syncookie_ipv6,
	[206] = &p_tcp_raw_check_syncookie_ipv4,
	[207] = &p_tcp_raw_check_syncookie_ipv6,
	[208] = &p_ktime_get_tai_ns,
	[209] = &p_user_ringbuf_drain,
	[210] = &p_cgrp_storage_get,
	[211] = &p_cgrp_storage_delete,
};

/* enum bpf_prog_type values the variants below name. */
enum {
	KPROBE = 2,
	SCHED_CLS = 3,
	SCHED_ACT = 4,
	TRACEPOINT = 5,
	XDP = 6,
	PERF_EVENT = 7,
	CGROUP_SOCK = 9,
	LWT_IN = 10,
	LWT_OUT = 11,
	LWT_XMIT = 12,
	RAW_TRACEPOINT = 17,
	LWT_SEG6LOCAL = 19,
	SK_REUSEPORT = 21,
	RAW_TRACEPOINT_WRITABLE = 24,
	CGROUP_SOCKOPT = 25,
	TRACING = 26,
	STRUCT_OPS = 27,
	LSM = 29,
	SK_LOOKUP = 30,
	SYSCALL = 31,
};

/* enum bpf_attach_type values the variants below name. */
enum {
	TRACE_KPROBE_MULTI = 42,
	TRACE_UPROBE_MULTI = 48,
	TRACE_KPROBE_SESSION = 56,
};

#define BIT64(n) (UINT64_C(1) << (n))
/* Types whose get_func_proto() falls back to bpf_tracing_func_proto(). */
#define TRACE_TYPES                                                            \
	(BIT64(KPROBE) | BIT64(TRACEPOINT) | BIT64(PERF_EVENT) |               \
	 BIT64(RAW_TRACEPOINT) | BIT64(RAW_TRACEPOINT_WRITABLE) |              \
	 BIT64(TRACING) | BIT64(LSM) | BIT64(SYSCALL))
/* Types reaching tracing_prog_func_proto(): BTF-typed context. */
#define BTF_TRACE_TYPES (BIT64(TRACING) | BIT64(SYSCALL))
#define LWT_TYPES                                                              \
	(BIT64(LWT_IN) | BIT64(LWT_OUT) | BIT64(LWT_XMIT) |                    \
	 BIT64(LWT_SEG6LOCAL))
#define TC_TYPES (BIT64(SCHED_CLS) | BIT64(SCHED_ACT))
#define SOCKOPT_TYPES (BIT64(CGROUP_SOCKOPT) | BIT64(STRUCT_OPS) | BIT64(LSM))

/* A prototype that replaces protos[id] for the program types in types and,
 * when attach_types is not 0, only for those expected attach types. */
struct proto_variant {
	int32_t id;
	uint64_t types;
	uint64_t attach_types;
	const struct bv_helper_proto *proto;
};

static const struct proto_variant variants[] = {
	/* tc, xdp, lwt and tracing return the fastcall-capable variant */
	{ 8, TRACE_TYPES | TC_TYPES | BIT64(XDP) | LWT_TYPES, 0,
	  &p_get_smp_processor_id },
	/* the skb variant reads the packet's classid, not current's */
	{ 17, TC_TYPES | LWT_TYPES, 0, &p_get_cgroup_classid },
	{ 27, BIT64(PERF_EVENT), 0, &p_get_stackid_pe },
	{ 46, BTF_TRACE_TYPES | BIT64(LSM) | BIT64(SK_REUSEPORT), 0,
	  &p_get_socket_ptr_cookie },
	{ 49, SOCKOPT_TYPES, 0, &p_sk_setsockopt },
	{ 57, SOCKOPT_TYPES, 0, &p_sk_getsockopt },
	{ 107, BIT64(CGROUP_SOCK), 0, &p_sk_storage_get_cg_sock },
	{ 107, BTF_TRACE_TYPES, 0, &p_sk_storage_get_tracing },
	{ 108, BTF_TRACE_TYPES, 0, &p_sk_storage_delete_tracing },
	{ 124, BIT64(SK_LOOKUP), 0, &p_sk_lookup_assign },
	{ 173, BIT64(KPROBE),
	  BIT64(TRACE_KPROBE_MULTI) | BIT64(TRACE_KPROBE_SESSION),
	  &p_get_func_ip_kprobe_multi },
	{ 173, BIT64(KPROBE), BIT64(TRACE_UPROBE_MULTI),
	  &p_get_func_ip_uprobe_multi },
	{ 188, BTF_TRACE_TYPES, 0, &p_xdp_get_buff_len_trace },
};

static bool in_mask(uint64_t mask, uint32_t v)
{
	return v < 64 && (mask & BIT64(v));
}

/* attach_type UINT32_MAX matches only variants for every attach type. */
static const struct bv_helper_proto *lookup(int32_t id, uint32_t prog_type,
					    uint32_t attach_type)
{
	if (id < 0 || id >= BV_HELPER_COUNT)
		return NULL;
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		const struct proto_variant *v = &variants[i];

		if (v->id != id || !in_mask(v->types, prog_type))
			continue;
		if (!v->attach_types || in_mask(v->attach_types, attach_type))
			return v->proto;
	}
	return protos[id];
}

const struct bv_helper_proto *bv_helper_proto(int32_t id, uint32_t prog_type)
{
	return lookup(id, prog_type, UINT32_MAX);
}

const struct bv_helper_proto *bv_helper_proto_attach(int32_t id,
						     uint32_t prog_type,
						     uint32_t attach_type)
{
	return lookup(id, prog_type, attach_type);
}

int bv_helper_alloc_size_arg(const struct bv_helper_proto *proto)
{
	for (int i = 0; i < BV_HELPER_ARGS; i++)
		if (BV_BASE_TYPE(proto->arg_type[i]) ==
		    BV_ARG_CONST_ALLOC_SIZE_OR_ZERO)
			return i;
	return -1;
}
