"""Profiles: created with a unique username and a default binder, in one transaction."""

import threading

import pytest
from django.conf import settings

from accounts.domain import UsernameTaken
from accounts.services import profile_create, profile_get, profile_get_by_username
from tradeapi import aws
from tradeapi.db import keys


def test_profile_create_claims_the_username_and_creates_the_default_binder(make_cognito_user):
    account = make_cognito_user()
    profile_create(sub=account.sub, username=account.username, email=account.email)
    assert profile_get(sub=account.sub).username == account.username
    assert profile_get_by_username(username=account.username.upper()).sub == account.sub
    binder = aws.dynamodb().get_item(
        TableName=settings.TABLE_NAME,
        Key={k: {"S": v} for k, v in keys.binder_key(account.sub, keys.DEFAULT_BINDER_ID).items()},
    )["Item"]
    assert binder["is_default"] == {"BOOL": True}


def test_a_taken_username_fails_and_writes_nothing(make_cognito_user):
    first, second = make_cognito_user(), make_cognito_user()
    profile_create(sub=first.sub, username=first.username, email=first.email)
    with pytest.raises(UsernameTaken):
        profile_create(sub=second.sub, username=first.username.upper(), email=second.email)
    item = aws.dynamodb().get_item(
        TableName=settings.TABLE_NAME,
        Key={k: {"S": v} for k, v in keys.binder_key(second.sub, keys.DEFAULT_BINDER_ID).items()},
    )
    assert "Item" not in item  # the default binder was not created either


def test_racing_claims_of_one_username_have_one_winner(make_cognito_user):
    accounts = [make_cognito_user() for _ in range(8)]
    name = accounts[0].username
    barrier = threading.Barrier(len(accounts))
    won = []

    def claim(account):
        barrier.wait()
        try:
            profile_create(sub=account.sub, username=name, email=account.email)
            won.append(account.sub)
        except UsernameTaken:
            pass

    threads = [threading.Thread(target=claim, args=(a,)) for a in accounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert profile_get_by_username(username=name).sub == won[0]
