/* SPDX-License-Identifier: MIT */
/* The helpers that may move or resize packet data
 * (bpf_helper_changes_pkt_data, net/core/filter.c). Measured on the live
 * kernel: for each of them a program that checked a packet pointer against
 * its end, called it and then read through the pointer was rejected
 * ("R7 invalid mem access 'scalar'"); skb helpers from sched_cls and sk_skb,
 * xdp, sk_msg, lwt_in, lwt_seg6local and sock_ops programs. Helpers that
 * touch the packet without moving it (bpf_skb_load_bytes,
 * bpf_skb_change_type, bpf_skb_ecn_set_ce, bpf_csum_update,
 * bpf_set_hash_invalid, bpf_xdp_store_bytes, bpf_redirect) keep the
 * pointer valid. */
#include "spec/helpers.h"

#include <stddef.h>

static const int32_t changes_pkt_data[] = {
	9,   /* bpf_skb_store_bytes */
	10,  /* bpf_l3_csum_replace */
	11,  /* bpf_l4_csum_replace */
	12,  /* bpf_tail_call: the tail-called program may call the others */
	13,  /* bpf_clone_redirect */
	18,  /* bpf_skb_vlan_push */
	19,  /* bpf_skb_vlan_pop */
	31,  /* bpf_skb_change_proto */
	38,  /* bpf_skb_change_tail */
	39,  /* bpf_skb_pull_data */
	43,  /* bpf_skb_change_head */
	44,  /* bpf_xdp_adjust_head */
	50,  /* bpf_skb_adjust_room */
	54,  /* bpf_xdp_adjust_meta */
	63,  /* bpf_msg_pull_data */
	65,  /* bpf_xdp_adjust_tail */
	73,  /* bpf_lwt_push_encap */
	74,  /* bpf_lwt_seg6_store_bytes */
	75,  /* bpf_lwt_seg6_adjust_srh */
	76,  /* bpf_lwt_seg6_action */
	90,  /* bpf_msg_push_data */
	91,  /* bpf_msg_pop_data */
	143, /* bpf_store_hdr_opt */
};

bool bv_helper_changes_pkt_data(int32_t func_id)
{
	for (size_t i = 0; i < sizeof(changes_pkt_data) / sizeof(changes_pkt_data[0]); i++)
		if (changes_pkt_data[i] == func_id)
			return true;
	return false;
}
