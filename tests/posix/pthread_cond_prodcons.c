/* Producers and consumers share a bounded buffer through a mutex and two
 * condition variables; every item is consumed exactly once. */
#include "ptest.h"
#include <pthread.h>

#define SLOTS 4
#define PRODUCERS 3
#define CONSUMERS 3
#define PER_PRODUCER 3000
#define TOTAL (PRODUCERS * PER_PRODUCER)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int buf[SLOTS], head, count, consumed;
static unsigned char seen[TOTAL];

static void *producer(void *arg)
{
	int base = (int)(long)arg * PER_PRODUCER;
	for (int i = 0; i < PER_PRODUCER; i++) {
		pthread_mutex_lock(&lock);
		while (count == SLOTS)
			pthread_cond_wait(&not_full, &lock);
		buf[(head + count) % SLOTS] = base + i;
		count++;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (count == 0 && consumed < TOTAL)
			pthread_cond_wait(&not_empty, &lock);
		if (consumed == TOTAL) {
			pthread_mutex_unlock(&lock);
			return NULL;
		}
		int item = buf[head];
		head = (head + 1) % SLOTS;
		count--;
		consumed++;
		if (item < 0 || item >= TOTAL || seen[item]++)
			fail("item %d out of range or consumed twice", item);
		if (consumed == TOTAL)
			pthread_cond_broadcast(&not_empty); /* release the other consumers */
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
	}
}

int main(void)
{
	watchdog(50);
	pthread_t p[PRODUCERS], c[CONSUMERS];
	for (long i = 0; i < CONSUMERS; i++)
		CHECK(pthread_create(&c[i], NULL, consumer, NULL) == 0, "create consumer");
	for (long i = 0; i < PRODUCERS; i++)
		CHECK(pthread_create(&p[i], NULL, producer, (void *)i) == 0, "create producer");
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < CONSUMERS; i++)
		pthread_join(c[i], NULL);
	CHECK(consumed == TOTAL, "consumed %d items, expected %d", consumed, TOTAL);
	for (int i = 0; i < TOTAL; i++)
		CHECK(seen[i] == 1, "item %d consumed %d times", i, seen[i]);
	return 0;
}
