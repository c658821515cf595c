/* unroll-analysis.c: see unroll-analysis.h. */
#include "unroll-analysis.h"
#include <stdio.h>
#include <string.h>

void unroll_format_count(size_t n, char *buf, size_t len) {
  char digits[32];
  int nd = snprintf(digits, sizeof digits, "%zu", n), o = 0;
  for (int i = 0; i < nd && (size_t)o + 2 < len; i++) {
    if (i > 0 && (nd - i) % 3 == 0) buf[o++] = ',';
    buf[o++] = digits[i];
  }
  buf[o] = 0;
}

static void set_fix(UnrollAnalysis *a, UnrollFixKind k, int layer, int value, const char *fmt, const char *arg) {
  a->fix = k;
  a->fix_layer = layer;
  a->fix_value = value;
  snprintf(a->fix_label, sizeof a->fix_label, fmt, arg);
}

/* The stack is valid: does its output fit the task's target? */
static void check_target(const ur_project *p, UnrollAnalysis *a) {
  int last = a->n - 1;
  const ur_layer_spec *L = &p->layers[last];
  ur_shape out = a->out[last], t = a->target;
  if (out.steps == t.steps && out.features == t.features) return;
  char have[64], want[64], buf[32];
  ur_shape_format(out, have, sizeof have);
  ur_shape_format(t, want, sizeof want);
  snprintf(a->card_why, sizeof a->card_why, "the model outputs %s, but the task (%s) needs %s", have,
           ur_task_describe(p->data.task), want);
  snprintf(a->why, sizeof a->why, "layer %d (%s): %.440s", last + 1, ur_kind_name(L->kind), a->card_why);
  a->bad_layer = last;
  snprintf(buf, sizeof buf, "%d", t.features);
  int dense = L->kind == UR_DENSE || L->kind == UR_TIME_DISTRIBUTED;
  if (out.steps > 0 && t.steps == 0) { /* a sequence where a vector is wanted */
    if (ur_kind_is_recurrent(L->kind) && L->return_sequences)
      set_fix(a, UNROLL_FIX_RETURN_SEQUENCES_OFF, last, 0, "Turn off return_sequences%s", "");
    else if (L->kind == UR_DENSE && L->units == t.features && last > 0)
      set_fix(a, UNROLL_FIX_INSERT_FLATTEN, last, 0, "Add Flatten before this Dense%s", "");
    else
      set_fix(a, UNROLL_FIX_APPEND_FLATTEN_DENSE, a->n, t.features, "Add Flatten and Dense(%s)", buf);
  } else if (out.steps == 0 && t.steps == 0) { /* vectors of the wrong width */
    if (dense) set_fix(a, UNROLL_FIX_SET_UNITS, last, t.features, "Set units to %s", buf);
    else set_fix(a, UNROLL_FIX_APPEND_DENSE, a->n, t.features, "Add Dense(%s)", buf);
  } else if (out.steps > 0 && t.steps > 0) {
    if (out.steps != t.steps) return; /* no obvious fix: the convolutions' geometry */
    if (dense) set_fix(a, UNROLL_FIX_SET_UNITS, last, t.features, "Set units to %s", buf);
    else if (L->kind == UR_CONV1D) set_fix(a, UNROLL_FIX_SET_UNITS, last, t.features, "Set filters to %s", buf);
    else set_fix(a, UNROLL_FIX_APPEND_TIME_DISTRIBUTED, a->n, t.features, "Add TimeDistributed(Dense(%s))", buf);
  } else if (ur_kind_is_recurrent(L->kind)) { /* a vector where a sequence is wanted */
    set_fix(a, UNROLL_FIX_RETURN_SEQUENCES_ON, last, 0, "Turn on return_sequences%s", "");
  }
}

void unroll_analyze(const ur_project *p, UnrollAnalysis *a) {
  memset(a, 0, sizeof *a);
  a->n = p->n_layers;
  a->bad_layer = -1;
  a->fix_layer = -1;
  a->target = ur_task_target_shape(p->data.task, p->input.steps, p->data.task == UR_TASK_ONE_STEP ? 1 : p->data.horizon);
  ur_shape cur = p->input;
  for (int i = 0; i < p->n_layers; i++) {
    ur_shape out;
    a->in[i] = cur; /* kept for the first layer that fails too: what it was given */
    if (ur_spec_output_shape(&p->layers[i], cur, &out, NULL, 0) != 0) break;
    a->out[i] = out;
    a->params[i] = ur_spec_param_count(&p->layers[i], cur);
    a->total_params += a->params[i];
    a->known = i + 1;
    cur = out;
  }
  a->receptive_field = ur_stack_receptive_field(p->layers, a->known);
  if (p->n_layers == 0) {
    snprintf(a->why, sizeof a->why, "the model has no layers: drag one from the palette");
    return;
  }
  int bad = -1;
  if (ur_stack_check(p->input, p->layers, p->n_layers, NULL, &bad, a->why, sizeof a->why) != 0) {
    a->bad_layer = bad;
    if (bad < 0) return;
    const char *colon = strstr(a->why, "): ");
    snprintf(a->card_why, sizeof a->card_why, "%s", colon ? colon + 3 : a->why);
    const ur_layer_spec *L = &p->layers[bad];
    if (strstr(a->why, "turn on return_sequences") && bad > 0) {
      set_fix(a, UNROLL_FIX_RETURN_SEQUENCES_ON, bad - 1, 0, "Turn on return_sequences in the %s above",
              ur_kind_name(p->layers[bad - 1].kind));
    } else if (L->kind == UR_CONV1D && strstr(a->why, "kernel spans")) {
      set_fix(a, UNROLL_FIX_CAUSAL_PADDING, bad, 0, "Use causal padding%s", "");
    } else if (L->kind == UR_CONV1D && strstr(a->why, "strides > 1 with dilation")) {
      set_fix(a, UNROLL_FIX_DILATION_ONE, bad, 0, "Set dilation to 1%s", "");
    } else if (strstr(a->why, "needs a sequence")) {
      set_fix(a, UNROLL_FIX_REMOVE_LAYER, bad, 0, "Remove this layer%s", "");
    }
    return;
  }
  check_target(p, a);
  a->ok = a->bad_layer < 0;
}

int unroll_apply_fix(ur_project *p, const UnrollAnalysis *a) {
  int i = a->fix_layer;
  if (a->fix == UNROLL_FIX_NONE || i < 0 || i > p->n_layers) return -1;
  int appends = a->fix == UNROLL_FIX_APPEND_FLATTEN_DENSE ? 2
                : (a->fix == UNROLL_FIX_APPEND_DENSE || a->fix == UNROLL_FIX_APPEND_TIME_DISTRIBUTED ||
                   a->fix == UNROLL_FIX_INSERT_FLATTEN) ? 1 : 0;
  if (p->n_layers + appends > UR_MAX_LAYERS) return -1;
  if (appends == 0 && i >= p->n_layers) return -1;
  ur_layer_spec s;
  switch (a->fix) {
  case UNROLL_FIX_RETURN_SEQUENCES_ON: p->layers[i].return_sequences = 1; break;
  case UNROLL_FIX_RETURN_SEQUENCES_OFF: p->layers[i].return_sequences = 0; break;
  case UNROLL_FIX_SET_UNITS: p->layers[i].units = a->fix_value; break;
  case UNROLL_FIX_CAUSAL_PADDING: p->layers[i].padding = UR_PAD_CAUSAL; break;
  case UNROLL_FIX_DILATION_ONE: p->layers[i].dilation_rate = 1; break;
  case UNROLL_FIX_REMOVE_LAYER:
    memmove(&p->layers[i], &p->layers[i + 1], sizeof s * (size_t)(p->n_layers - i - 1));
    p->n_layers--;
    break;
  case UNROLL_FIX_INSERT_FLATTEN:
    memmove(&p->layers[i + 1], &p->layers[i], sizeof s * (size_t)(p->n_layers - i));
    p->layers[i] = ur_spec_default(UR_FLATTEN);
    p->n_layers++;
    break;
  case UNROLL_FIX_APPEND_FLATTEN_DENSE:
    p->layers[p->n_layers++] = ur_spec_default(UR_FLATTEN);
    /* fall through */
  case UNROLL_FIX_APPEND_DENSE:
  case UNROLL_FIX_APPEND_TIME_DISTRIBUTED:
    s = ur_spec_default(a->fix == UNROLL_FIX_APPEND_TIME_DISTRIBUTED ? UR_TIME_DISTRIBUTED : UR_DENSE);
    s.units = a->fix_value;
    p->layers[p->n_layers++] = s;
    break;
  default: return -1;
  }
  return 0;
}
