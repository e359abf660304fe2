"""Ways to ship an order. Inactive methods are never listed and can never be selected."""

from __future__ import annotations

from django.db import models

from shop.fields import money_field


class Shippingmethod(models.Model):
    identifier = models.CharField(max_length=100, unique=True)
    carrier = models.CharField(max_length=100)
    shipping_cost = money_field()
    tracking_code_base_url = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-shipping_cost", "identifier"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shipping_cost__gte=0), name="shippingmethod_cost_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} ({self.identifier})"
