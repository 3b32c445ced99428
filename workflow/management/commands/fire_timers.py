"""Fire due workflow timers once: for cron, or the embedded default's periodic runner."""

from django.core.management.base import BaseCommand

from workflow.services.timers import timers_fire


class Command(BaseCommand):
    help = "Fire due workflow timers (reminders, escalations, deadlines) and open missing cases."

    def handle(self, *args, **options):
        result = timers_fire()
        self.stdout.write(f"{result['timers']} timers fired, {result['cases_opened']} cases opened")
