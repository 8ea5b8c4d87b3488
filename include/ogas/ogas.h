/* ogas/ogas.h: the whole public API of libogas. */
#ifndef OGAS_H
#define OGAS_H

#define OGAS_VERSION "0.1.0"

#include "ogas/balance.h"
#include "ogas/budget.h"
#include "ogas/chart.h"
#include "ogas/core.h"
#include "ogas/distribution.h"
#include "ogas/council.h"
#include "ogas/economy.h"
#include "ogas/error.h"
#include "ogas/formats.h"
#include "ogas/generate.h"
#include "ogas/pb.h"
#include "ogas/pdlp.h"
#include "ogas/plan.h"
#include "ogas/scenario.h"
#include "ogas/sparse.h"
#include "ogas/store.h"
#include "ogas/supply_use.h"

#endif
