"""Small factories for the shared cast and for volume in query-count tests."""

import datetime

import factory
from django.utils import timezone

from pbas_logbook.models import Cohort, Enrolment, User

PASSWORD = "a-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(weeks=10))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    candidate = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    mentor = factory.SubFactory(UserFactory)
    start_date = factory.LazyAttribute(lambda o: o.cohort.start_date)
    length_weeks = 15
