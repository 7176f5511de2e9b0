"""A lean turn: the statements and transactions one update costs, on SQLite and
PostgreSQL. A typed answer inside a check is one transaction of at most 3 statements."""

from __future__ import annotations

from bot.services import Services
from tests.conversation.harness import ConvUser, counting


async def onboarded(services: Services, user_id: int = 7) -> ConvUser:
    user = ConvUser(services, user_id)
    await user.say("/start")
    await user.tap("English")
    await user.tap("Skilled worker")
    await user.tap("No thanks")
    return user


async def test_a_typed_answer_in_a_check_is_one_transaction_of_three_statements(services
                                                                                ) -> None:
    user = await onboarded(services)
    await user.say("/check jiangsu.excellent_technician")
    await user.tap("senior technician")
    assert "date of birth" in user.text.lower() or "birth" in user.text.lower(), user.text
    with counting(services) as cost:
        await user.say("1975-06-15")
    assert "Man" in [b.label for b in user.keyboard] or "sex" in user.text.lower(), user.text
    assert cost.transactions == 1, cost.statements
    assert cost.count <= 3, cost.statements
    kinds = [s.split()[0] for s in cost.statements]
    assert kinds.count("SELECT") == 1 and kinds.count("UPDATE") == 1, cost.statements


async def test_a_button_press_in_a_check_costs_the_same(services) -> None:
    user = await onboarded(services, 8)
    await user.say("/check jiangsu.excellent_technician")
    with counting(services) as cost:
        await user.tap("senior technician")
    assert cost.transactions == 1 and cost.count <= 3, cost.statements


async def test_remembering_the_question_message_is_one_update(services) -> None:
    user = await onboarded(services, 9)
    result = await user.say("/check jiangsu.excellent_technician")
    with counting(services) as cost:
        await user.conv.remember_question(result.user_id, result.state, 4242)
    assert [s.split()[0] for s in cost.statements] == ["UPDATE"], cost.statements
    again = await user.tap("senior technician")  # the next turn sees the stored id
    assert again.state.message_id == 4242


async def test_a_stale_remember_changes_nothing(services) -> None:
    user = await onboarded(services, 10)
    first = await user.say("/check jiangsu.excellent_technician")
    old = first.state.copy()
    old.version = first.state.version
    await user.tap("senior technician")  # the dialog moves on
    await user.conv.remember_question(first.user_id, old, 999)
    await user.say("1975-06-15")
    assert user.last.state.message_id != 999


async def test_with_the_outbox_a_typed_answer_is_still_one_transaction_of_three(services
                                                                               ) -> None:
    """The Telegram channel writes the turn's replies to the outbox in the turn's own
    transaction: one INSERT more, no transaction more."""
    from bot.delivery.outbox import Outbox, decode
    from bot.dialogs.engine.types import Event

    async def never(*_: object) -> None:
        raise AssertionError("nothing is sent again in this test")

    outbox = Outbox(services, never, lambda exc: False)
    user = await onboarded(services, 11)
    await user.say("/check jiangsu.excellent_technician")
    await user.tap("senior technician")
    with counting(services) as cost:
        result = await user.conv.handle(user.id, user.id, "en", Event.message("1975-06-15"),
                                        outbox=outbox, outbox_extra={"pressed_id": None})
    assert cost.transactions == 1, cost.statements
    assert cost.count <= 3, cost.statements
    kinds = [s.split()[0] for s in cost.statements]
    assert kinds == ["SELECT", "UPDATE", "INSERT"], cost.statements
    assert result.outbox_id is not None
    from storage.outbox import OutboxRepo

    async with services.transaction() as session:
        (item,) = await OutboxRepo(session).take_due(outbox.due_at(), outbox.due_at())
    assert [r.text for r in decode(item.body)] == [r.text for r in result.replies]
    assert [r.buttons for r in decode(item.body)] == [r.buttons for r in result.replies]
