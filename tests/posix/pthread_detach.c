/* Detached threads (pthread_detach, or created detached) run to completion
 * and can be created again and again without joining, their resources reclaimed. */
#include "ptest.h"
#include <pthread.h>

#define ROUNDS 200

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	done++;
	pthread_cond_signal(&done_cv);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	watchdog(50);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int state;
	pthread_attr_getdetachstate(&attr, &state);
	CHECK(state == PTHREAD_CREATE_DETACHED, "attribute did not keep PTHREAD_CREATE_DETACHED");
	for (int i = 0; i < ROUNDS; i++) {
		pthread_t t;
		int err;
		if (i % 2) {
			err = pthread_create(&t, &attr, worker, NULL);
		} else {
			err = pthread_create(&t, NULL, worker, NULL);
			if (!err)
				err = pthread_detach(t);
		}
		CHECK(err == 0, "round %d: %s", i, strerror(err));
		/* Wait for this one, so only a few threads live at a time while a
		 * leak of detached threads would still pile up. */
		pthread_mutex_lock(&lock);
		while (done < i + 1)
			pthread_cond_wait(&done_cv, &lock);
		pthread_mutex_unlock(&lock);
	}
	CHECK(done == ROUNDS, "%d threads finished, expected %d", done, ROUNDS);
	return 0;
}
