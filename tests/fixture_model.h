/* fixture_model.h: putting a reference fixture's weights into a model.
 *
 * The model side of the fixture tests (fixture_io.h needs no model).
 */
#ifndef UR_FIXTURE_MODEL_H
#define UR_FIXTURE_MODEL_H

#include <stddef.h>

#include "fixture_io.h"
#include "model.h"

/* Copies the fixture's weights w0, w1, ... (Keras layout) into m->params, in
 * the tensor order of ur_model_tensors.  Checks that there is one w<i> per
 * model tensor and no more, that each has its tensor's size and lies inside
 * the parameters, and that together they cover all of them.  Returns the
 * model's tensors (free() them), their count in *nt; NULL with the reason in
 * msg. */
ur_model_tensor *fxm_load_weights(ur_model *m, const fx_fixture *fx, int *nt, char *msg, size_t msglen);

#endif
